namespace Eco.Actors.Revocations;

/// <summary>Marks the revocation registry's messages that cross nodes (bound to <see cref="RevocationMessageSerializer"/>).</summary>
public interface IRevocationProtocol;
