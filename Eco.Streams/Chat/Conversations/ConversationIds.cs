using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Eco.Actors.Jobs;
using Eco.Actors.Sharding;

namespace Eco.Streams.Chat.Conversations;

/// <summary>Maps a conversation id to its journal stream (<c>conv_{hash}</c>) and names its jobs so they share its shard.</summary>
/// <remarks>A conversation's jobs are <c>conv_{hash}__{uuid}</c>: their shard key is the conversation's stream, so in a cluster the
/// conversation entity and every turn's job run on the same node and turns stay one at a time cluster-wide.</remarks>
public static class ConversationIds
{
    /// <summary>Prefix of conversation streams.</summary>
    public const string Prefix = "conv_";

    /// <summary>Longest conversation id accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>The stream of a conversation; false with a reason when the id is not acceptable.</summary>
    public static bool TryGetStream(string conversationId, out JobId stream, [NotNullWhen(false)] out string? error)
    {
        stream = default;
        error = conversationId.Length switch
        {
            0 => "conversation id is empty",
            > MaxLength => $"conversation id is longer than {MaxLength} characters",
            _ when !conversationId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') =>
                "conversation id may contain only ASCII letters, digits, '-' and '_'",
            _ => null,
        };
        if (error is not null)
        {
            return false;
        }
        // The stream id is a hash of the conversation id: short, and always a valid job id.
        stream = JobId.Parse(Prefix + ShardResolver.Hash(conversationId).ToString("x16", CultureInfo.InvariantCulture));
        error = null;
        return true;
    }

    /// <summary>A new job id for a turn of the conversation: it lands on the conversation's shard.</summary>
    public static JobId NewJob(JobId stream) => JobId.Parse($"{stream.Value}__{Guid.CreateVersion7():N}");

    /// <summary>The job id for a turn submitted with an idempotency key (the same key, the same job).</summary>
    public static JobId JobForKey(JobId stream, string keyHash) => JobId.Parse($"{stream.Value}__{keyHash[..32]}");

    /// <summary>True for a conversation's own stream (not one of its jobs).</summary>
    public static bool IsConversation(JobId stream) =>
        stream.Value.StartsWith(Prefix, StringComparison.Ordinal) && !stream.Value.Contains("__", StringComparison.Ordinal);
}
