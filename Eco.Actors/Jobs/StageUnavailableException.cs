namespace Eco.Actors.Jobs;

/// <summary>Thrown by a stage when retrying now is pointless (its circuit breaker is open, its input is gone): the fail mode applies at once.</summary>
public sealed class StageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
