using Eco.Agents.Dialogue;
using Eco.Agents.Intents;

namespace Eco.Streams.Chat;

/// <summary>Output of the classify stage.</summary>
/// <param name="Intent">Primary intent.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Additional">Further intents in the same message.</param>
/// <param name="Provider">The model that classified.</param>
/// <param name="Resolved">The message made standalone (a follow-up with what it left out), when it differs from the message.</param>
/// <param name="Subject">The conversation's subject after this turn, when the job answers in a conversation.</param>
public sealed record ClassifyOutput(Intent Intent, double Confidence, IReadOnlyList<Intent> Additional, string Provider, string? Resolved = null,
    DialogueSubject? Subject = null)
{
    /// <summary>As the domain type.</summary>
    public IntentClassification ToClassification() => new(Intent, Confidence, Additional);

    /// <summary>Primary first, then the others, without repeats.</summary>
    public IEnumerable<Intent> All => new[] { Intent }.Concat(Additional).Distinct();
}
