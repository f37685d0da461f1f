namespace Eco.Actors.Revocations;

/// <summary>Marks the events of the revocation registry's stream (<see cref="TokenRevoked"/>, <see cref="UserRevoked"/>).</summary>
public interface IRevocationEvent;
