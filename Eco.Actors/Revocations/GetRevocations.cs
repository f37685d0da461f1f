namespace Eco.Actors.Revocations;

/// <summary>Asks for the registry's state; answered with the <see cref="RevocationState"/> when it is newer than
/// <paramref name="KnownRevision"/>, and not at all otherwise (a node's periodic check costs nothing while it is current).</summary>
/// <param name="KnownRevision">The revision the asker has; -1 for none.</param>
public sealed record GetRevocations(long KnownRevision) : IRevocationProtocol
{
    /// <summary>Asks for the state whatever it is.</summary>
    public static GetRevocations Always { get; } = new(-1);
}
