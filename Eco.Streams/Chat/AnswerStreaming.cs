using System.Text;
using Eco.Actors.Jobs;
using Eco.Streams.Llm;

namespace Eco.Streams.Chat;

/// <summary>Streams a model reply into token events, coalesced into short windows; the one place tokens are published.</summary>
/// <remarks>Per-event cost must stay small (a known system lost 62% of its latency by publishing every token): pieces are buffered
/// and flushed once the window has passed since the last flush, so a slow model still streams each piece at once.</remarks>
public static class AnswerStreaming
{
    /// <summary>Streams and returns the whole answer with how many events carried it.</summary>
    public static async Task<AnswerOutput> StreamAsync(
        IChatModel model, ModelRequest request, IStageSink sink, TimeSpan window, TimeProvider time, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var pending = new StringBuilder();
        var events = 0;
        var lastFlush = time.GetTimestamp();
        // The provider that produced the answer: the chain's first, unless the chain fell back (a stream falls back only before
        // its first piece, so the last fallback names the provider of every piece).
        var served = model.Provider;
        var observed = request with
        {
            Observer = notice =>
            {
                if (notice.Kind == "fallback")
                {
                    served = notice.Provider;
                }
                return request.Observer?.Invoke(notice) ?? ValueTask.CompletedTask;
            },
        };
        await foreach (var piece in model.StreamAsync(observed, cancellationToken).ConfigureAwait(false))
        {
            text.Append(piece);
            pending.Append(piece);
            if (time.GetElapsedTime(lastFlush) >= window)
            {
                await sink.EmitTokenAsync(pending.ToString(), cancellationToken).ConfigureAwait(false);
                pending.Clear();
                events++;
                lastFlush = time.GetTimestamp();
            }
        }
        if (pending.Length > 0)
        {
            await sink.EmitTokenAsync(pending.ToString(), cancellationToken).ConfigureAwait(false);
            events++;
        }
        return new AnswerOutput(text.ToString(), served, events);
    }
}
