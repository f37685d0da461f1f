namespace Eco.Host.Load;

/// <summary>The node's CPU and memory at one moment.</summary>
internal sealed record ResourceSample(TimeSpan At, double CpuPercent, double RssMiB);
