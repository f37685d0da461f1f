using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

/// <summary>Streams that are not jobs or conversations — Akka's own persistent actors (remember-entities stores) and idempotency-key
/// claims — in Eco's journal: ids starting with <c>_</c>.</summary>
/// <remarks>No job or conversation id starts with <c>_</c>. Only internal streams may be deleted from, and the HTTP API serves none.</remarks>
public static class InternalStreams
{
    /// <summary>The first character of every internal stream id.</summary>
    public const char Prefix = '_';

    /// <summary>True for a stream that is not a job or a conversation.</summary>
    public static bool IsInternal(JobId stream) => stream.Value[0] == Prefix;

    /// <summary>Throws <see cref="NotSupportedException"/> unless the stream is internal (jobs and conversations are never deleted).</summary>
    public static void EnsureInternal(JobId stream)
    {
        if (!IsInternal(stream))
        {
            throw new NotSupportedException($"stream {stream} is a job or a conversation: its events are never deleted");
        }
    }
}
