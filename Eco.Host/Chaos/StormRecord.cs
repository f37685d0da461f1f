namespace Eco.Host.Chaos;

/// <summary>The fault storm: when, how long, requests during it and faults injected.</summary>
internal sealed record StormRecord(TimeSpan At, TimeSpan For, long Requests, long Faults);
