namespace Eco.Host.Load;

/// <summary>A bounded load run: virtual users that each loop submit → watch to the terminal event → check → repeat.</summary>
/// <param name="Vus">Virtual users.</param>
/// <param name="Ramp">Time over which users start (evenly).</param>
/// <param name="Duration">Time during which users start new jobs; jobs in flight then finish (within <paramref name="Drain"/>).</param>
/// <param name="Drain">Longest wait for jobs in flight after <paramref name="Duration"/>.</param>
/// <param name="ScanShare">Fraction of jobs that are scans (the rest are chats).</param>
/// <param name="LatencyMin">Fake LLM time to first token, lower bound.</param>
/// <param name="LatencyMax">Fake LLM time to first token, upper bound.</param>
/// <param name="TokensPerSecond">Fake LLM streaming pace.</param>
/// <param name="RequestsPerMinute">The node's requests-per-minute budget for the model provider.</param>
/// <param name="TokensPerMinute">The node's tokens-per-minute budget for the model provider.</param>
/// <param name="OutputDir">Where the JSON report and PNG plots go.</param>
/// <param name="Http2">Node ↔ fake LLM over HTTP/2 (a few multiplexed sockets instead of one per call in flight: needed past ~8,000 VUs under a 20,000 open-file limit).</param>
internal sealed record LoadOptions(
    int Vus, TimeSpan Ramp, TimeSpan Duration, TimeSpan Drain, double ScanShare,
    TimeSpan LatencyMin, TimeSpan LatencyMax, double TokensPerSecond, int RequestsPerMinute, int TokensPerMinute, string OutputDir, bool Http2 = false);
