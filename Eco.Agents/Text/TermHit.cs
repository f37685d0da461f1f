namespace Eco.Agents.Text;

/// <summary>One dictionary term found in a normalised message.</summary>
/// <typeparam name="T">Payload attached to the term.</typeparam>
/// <param name="Term">The normalised term.</param>
/// <param name="Position">Start index in the normalised text.</param>
/// <param name="Values">Payloads registered for the term, in registration order.</param>
internal sealed record TermHit<T>(string Term, int Position, IReadOnlyList<T> Values);
