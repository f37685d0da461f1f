namespace Eco.Agents.Intents;

/// <summary>The result of classifying one message: a primary intent plus any further intents it also asks for.</summary>
/// <param name="Primary">The intent the answer should lead with.</param>
/// <param name="Confidence">Confidence in the primary intent, in the range 0..1.</param>
/// <param name="Additional">Further intents in the same message, most confident first; never contains <paramref name="Primary"/>.</param>
public sealed record IntentClassification(Intent Primary, double Confidence, IReadOnlyList<Intent> Additional);
