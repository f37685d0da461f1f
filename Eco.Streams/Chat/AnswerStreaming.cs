using System.Runtime.CompilerServices;
using System.Text;
using Akka.Streams;
using Akka.Streams.Dsl;
using Eco.Actors.Jobs;
using Eco.Streams.Llm;

namespace Eco.Streams.Chat;

/// <summary>Streams a model reply into token events, coalesced into short windows; the one place tokens are published.</summary>
/// <remarks>
/// <para>An Akka.Streams graph with demand from end to end: model pieces → batch (at most <see cref="MaxPiecesAhead"/> pieces,
/// concatenated) → one emit at a time to the sink → fold of the whole text. The emit completes when the sink has room (the job's
/// journal accepted enough of the earlier events), and until then the batch fills and then stops pulling the model: a slow journal
/// slows the model read, it never piles text up in memory (issue 14).</para>
/// <para>Per-event cost must stay small (a known system lost 62% of its latency by publishing every token): after each emit the
/// graph waits out the rest of the window before taking the next batch, so a fast model's pieces coalesce while a slow model still
/// streams each piece at once. The wait is cut short when the model ends, so the last piece is not held back.</para>
/// </remarks>
public static class AnswerStreaming
{
    /// <summary>Pieces read from the model but not yet handed to the sink, at most, while the sink is slow.</summary>
    internal const int MaxPiecesAhead = 32;

    // Ends the graph when the stage is cut short (streams carry no nulls); compared by reference, so no model text can equal it.
    private static readonly string CutShort = new('\0', 1);

    /// <summary>Streams and returns the whole answer with how many events carried it.</summary>
    public static async Task<AnswerOutput> StreamAsync(IChatModel model, ModelRequest request, IStageSink sink, TimeSpan window, TimeProvider time,
        IMaterializer materializer, CancellationToken cancellationToken)
    {
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
        // Ends the wait between emits: once the model has ended there is nothing left to coalesce, and once the caller gives up
        // nothing left to wait for.
        using var modelDone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var (text, events) = await Source.From(() => ReadAsync(model, observed, modelDone, cancellationToken))
            .Batch(MaxPiecesAhead, piece => new StringBuilder(piece), (pending, piece) => pending.Append(piece))
            .SelectAsync(1, async pending =>
            {
                var flushed = time.GetTimestamp();
                var piece = pending.ToString();
                try
                {
                    await sink.EmitTokenAsync(piece, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // The stage was cut short (timeout, cancel, the node losing the job): end the graph quietly, since Akka logs a
                    // failed SelectAsync task as an error with its stack; the caller hears the cancellation below.
                    return CutShort;
                }
                var rest = window - time.GetElapsedTime(flushed);
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest, time, modelDone.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                return piece;
            })
            .TakeWhile(piece => !ReferenceEquals(piece, CutShort))
            .RunWith(Sink.Aggregate<string, (StringBuilder Text, int Events)>((new StringBuilder(), 0),
                (answer, piece) => (answer.Text.Append(piece), answer.Events + 1)), materializer)
            .ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return new AnswerOutput(text.ToString(), served, events);
    }

    /// <summary>The model's pieces; signals <paramref name="modelDone"/> after the last, so the graph stops pacing.</summary>
    private static async IAsyncEnumerable<string> ReadAsync(IChatModel model, ModelRequest request, CancellationTokenSource modelDone,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var piece in model.StreamAsync(request, cancellationToken).ConfigureAwait(false))
        {
            yield return piece;
        }
        await modelDone.CancelAsync().ConfigureAwait(false);
    }
}
