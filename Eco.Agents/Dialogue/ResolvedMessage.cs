namespace Eco.Agents.Dialogue;

/// <summary>A message made standalone: what to answer, and what it took from the conversation to get there.</summary>
/// <param name="Text">The question to answer: the message itself, or the message with the subject it left out.</param>
/// <param name="Carried">The words put into it from the conversation — its subject, or the word that keeps its topic (empty when the
/// message stood on its own).</param>
public sealed record ResolvedMessage(string Text, IReadOnlyList<string> Carried)
{
    /// <summary>True when the message was read as a follow-up.</summary>
    public bool IsFollowUp => Carried.Count > 0;
}
