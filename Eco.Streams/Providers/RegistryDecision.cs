using Eco.Actors.Journal;

namespace Eco.Streams.Providers;

/// <summary>What a command decided: the events to journal (none when the registry already was so), or a refusal and its reason.</summary>
public sealed record RegistryDecision(RegistryOutcome Outcome, string? Reason, IReadOnlyList<EventData> Events)
{
    /// <summary>Nothing to change.</summary>
    public static RegistryDecision Unchanged { get; } = new(RegistryOutcome.Ok, null, []);

    /// <summary>Accepted, with its events.</summary>
    public static RegistryDecision Accept(IReadOnlyList<EventData> events) => new(RegistryOutcome.Ok, null, events);

    /// <summary>Refused with a reason in our words.</summary>
    public static RegistryDecision Refuse(RegistryOutcome outcome, string reason) => new(outcome, reason, []);
}
