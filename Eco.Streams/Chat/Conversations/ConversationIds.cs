using System.Diagnostics.CodeAnalysis;
using Eco.Actors.Jobs;

namespace Eco.Streams.Chat.Conversations;

/// <summary>Maps a conversation id to its journal stream: <c>conv_{id}</c>, so conversations and jobs never collide.</summary>
public static class ConversationIds
{
    /// <summary>Prefix of conversation streams.</summary>
    public const string Prefix = "conv_";

    /// <summary>Longest conversation id accepted.</summary>
    public const int MaxLength = JobId.MaxLength - 5;

    /// <summary>The stream of a conversation; false with a reason when the id is not acceptable.</summary>
    public static bool TryGetStream(string conversationId, out JobId stream, [NotNullWhen(false)] out string? error)
    {
        stream = default;
        if (conversationId.Length > MaxLength)
        {
            error = $"conversation id is longer than {MaxLength} characters";
            return false;
        }
        if (!JobId.TryParse(Prefix + conversationId, out stream, out error))
        {
            error = error.Replace("job id", "conversation id", StringComparison.Ordinal);
            return false;
        }
        return true;
    }

    /// <summary>True for a conversation's stream (not a job).</summary>
    public static bool IsConversation(JobId stream) => stream.Value.StartsWith(Prefix, StringComparison.Ordinal);
}
