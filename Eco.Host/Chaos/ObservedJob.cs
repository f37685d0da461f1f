namespace Eco.Host.Chaos;

/// <summary>What one client saw of one accepted job: every seq it received, in arrival order, across reconnects.</summary>
internal sealed record ObservedJob(string JobId, IReadOnlyList<long> Received, int Reconnects);
