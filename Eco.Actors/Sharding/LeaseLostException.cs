namespace Eco.Actors.Sharding;

/// <summary>Why a node lost a lease: for a shard's, sharding stops the shard's entities here when it hears this.</summary>
public sealed class LeaseLostException(string lease, string reason) : Exception($"lease {lease} lost: {reason}")
{
    /// <summary>The lease.</summary>
    public string Lease { get; } = lease;
}
