using System.ComponentModel.DataAnnotations;

namespace Eco.Streams.Chat;

/// <summary>Settings of chat jobs.</summary>
public sealed class ChatOptions
{
    /// <summary>Configuration section bound to these options.</summary>
    public const string SectionName = "Eco:Chat";

    /// <summary>Working-context budget in tokens; above it old turns are summarized away. Default 4,000.</summary>
    [Range(100, 1_000_000)]
    public int ContextTokenBudget { get; set; } = 4_000;

    /// <summary>Most recent turns always kept verbatim. Default 4.</summary>
    [Range(0, 100)]
    public int KeepRecentTurns { get; set; } = 4;

    /// <summary>Streamed text is coalesced into token events of at most this window. Default 50 ms.</summary>
    public TimeSpan TokenWindow { get; set; } = TimeSpan.FromMilliseconds(50);
}
