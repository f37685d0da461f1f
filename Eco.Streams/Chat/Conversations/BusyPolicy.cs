namespace Eco.Streams.Chat.Conversations;

/// <summary>What a conversation does with a new message while another is still being answered.</summary>
public enum BusyPolicy
{
    /// <summary>Wait in line: turns are answered one after another, in arrival order (default).</summary>
    Enqueue,
    /// <summary>Refuse the new message.</summary>
    Reject,
    /// <summary>Stop the turn in progress (its job fails with a reason) and answer the new message.</summary>
    Interrupt,
}
