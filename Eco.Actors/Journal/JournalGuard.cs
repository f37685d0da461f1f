namespace Eco.Actors.Journal;

/// <summary>Argument checks every journal adapter applies before it queues an append.</summary>
public static class JournalGuard
{
    /// <summary>Throws <see cref="ArgumentException"/> for an empty append or one where a terminal event is not last.</summary>
    public static void ValidateEvents(IReadOnlyList<EventData> events)
    {
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }
        for (var i = 0; i < events.Count - 1; i++)
        {
            if (events[i].IsTerminal)
            {
                throw new ArgumentException($"Terminal event '{events[i].Type}' must be the last event of its append.", nameof(events));
            }
        }
    }
}
