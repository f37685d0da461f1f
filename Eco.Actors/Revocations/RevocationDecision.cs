namespace Eco.Actors.Revocations;

/// <summary>What a revocation decided: the event to journal (none when it is revoked already), or a refusal and its reason.</summary>
public sealed record RevocationDecision(string? Refusal, IRevocationEvent? Event)
{
    /// <summary>Revoked already: nothing to journal.</summary>
    public static RevocationDecision Unchanged { get; } = new(null, null);

    /// <summary>Accepted, with its event.</summary>
    public static RevocationDecision Record(IRevocationEvent e) => new(null, e);

    /// <summary>Refused with a reason in our words.</summary>
    public static RevocationDecision Refuse(string reason) => new(reason, null);
}
