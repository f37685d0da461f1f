using System.Diagnostics.Metrics;

namespace Eco.Streams.Resilience;

/// <summary>LLM-call instruments on the <c>Eco.Streams</c> meter: waits for budgets are backpressure, and they are visible here.</summary>
internal static class LlmMetrics
{
    public static readonly Meter Meter = new("Eco.Streams");
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("eco.llm.calls", "{call}");
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("eco.llm.retries", "{retry}");
    public static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>("eco.llm.fallbacks", "{fallback}");
    public static readonly Histogram<double> PermitWait = Meter.CreateHistogram<double>("eco.llm.permit_wait", "ms", "Time a call waited for concurrency, RPM and TPM permits.");
}
