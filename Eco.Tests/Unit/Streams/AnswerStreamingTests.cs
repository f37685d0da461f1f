using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Eco.Actors.Jobs;
using Eco.Streams.Chat;
using Eco.Streams.Llm;
using Eco.Tests.Support;

namespace Eco.Tests.Unit.Streams;

/// <summary>The answer's tokens reach the sink with demand: a sink that does not take them stops the model read (issue 14).</summary>
public sealed class AnswerStreamingTests
{
    private const int PieceLength = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Fixed-width pieces "0000;", "0001;", … that count how far the read is ahead of the sink.</summary>
    private sealed class CountingModel(int pieces, GatedSink sink) : IChatModel
    {
        private int _pulled;

        public string Provider => "counting";

        /// <summary>Most pieces read from the model and not yet handed to the sink, at any time.</summary>
        public int MostAhead { get; private set; }

        /// <summary>Set once the read is <see cref="AnswerStreaming.MaxPiecesAhead"/> pieces ahead of the sink.</summary>
        public TaskCompletionSource FilledAhead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async IAsyncEnumerable<string> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            while (_pulled < pieces)
            {
                var ahead = ++_pulled - sink.Handed / PieceLength;
                MostAhead = Math.Max(MostAhead, ahead);
                if (ahead >= AnswerStreaming.MaxPiecesAhead)
                {
                    FilledAhead.TrySetResult();
                }
                yield return $"{_pulled - 1:D4};";
            }
        }

        public Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>A model that hears of a fallback before its first piece, as the fallback chain reports one.</summary>
    private sealed class FallingBackModel : IChatModel
    {
        public string Provider => "primary";

        public async IAsyncEnumerable<string> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await request.Observer!(new ModelNotice("fallback", "backup", "primary down", TimeSpan.Zero));
            yield return "from backup";
        }

        public Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>A model whose stream breaks after a few pieces.</summary>
    private sealed class BreakingModel : IChatModel
    {
        public string Provider => "breaking";

        public async IAsyncEnumerable<string> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return "a";
            yield return "b";
            throw new InvalidOperationException("stream broke");
        }

        public Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>Takes the first emit and holds it until released; takes the rest at once.</summary>
    private sealed class GatedSink : IStageSink
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly StringBuilder _received = new();
        private int _handed;

        public bool MayAct => true;

        public TaskCompletionSource FirstEmit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Events { get; } = [];

        public string Received => _received.ToString();

        /// <summary>Characters handed to the sink so far (the held emit counts as handed).</summary>
        public int Handed => Volatile.Read(ref _handed);

        public void Release() => _gate.TrySetResult();

        public async ValueTask EmitTokenAsync(string text, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref _handed, text.Length);
            Events.Add(text);
            _received.Append(text);
            FirstEmit.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
        }

        public ValueTask EmitEventAsync(string type, string dataJson, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private static ModelRequest Request() =>
        new([ChatTurn.User("hi")], new SummarizeTask(null, []), Schema: null, MaxOutputTokens: 100, "job:answer");

    private static Task<AnswerOutput> StreamAsync(IChatModel model, IStageSink sink, CancellationToken cancellationToken) =>
        AnswerStreaming.StreamAsync(model, Request(), sink, TimeSpan.Zero, TimeProvider.System, TestLanes.Materializer(), cancellationToken);

    [Fact]
    public async Task StreamAsync_SinkHoldsAnEmit_ModelReadOnlyABoundedBufferAhead_AndAllTextArrivesInOrderOnceReleased()
    {
        const int pieces = 2_000;
        var sink = new GatedSink();
        var model = new CountingModel(pieces, sink);

        var answer = StreamAsync(model, sink, CancellationToken.None);
        await sink.FirstEmit.Task.WaitAsync(Patience);
        await model.FilledAhead.Task.WaitAsync(Patience);
        Assert.False(answer.IsCompleted);
        sink.Release();
        var output = await answer.WaitAsync(Patience);

        var expected = string.Concat(Enumerable.Range(0, pieces).Select(i => $"{i:D4};"));
        Assert.Equal(expected, output.Text);
        Assert.Equal(expected, sink.Received); // nothing lost, nothing repeated, order kept
        Assert.Equal(sink.Events.Count, output.TokenEvents);
        Assert.Equal("counting", output.Provider);
        // The held emit's batch, the batch filling behind it, and the piece the source holds: never the 2,000 a free read would take.
        Assert.InRange(model.MostAhead, AnswerStreaming.MaxPiecesAhead, AnswerStreaming.MaxPiecesAhead + 2);
        Assert.All(sink.Events, e => Assert.InRange(e.Length, PieceLength, AnswerStreaming.MaxPiecesAhead * PieceLength));
    }

    [Fact]
    public async Task StreamAsync_CancelledWhileTheSinkHoldsAnEmit_ThrowsOperationCanceled()
    {
        var sink = new GatedSink();
        using var cancellation = new CancellationTokenSource();

        var answer = StreamAsync(new CountingModel(2_000, sink), sink, cancellation.Token);
        await sink.FirstEmit.Task.WaitAsync(Patience);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer.WaitAsync(Patience));
    }

    [Fact]
    public async Task StreamAsync_Cancelled_LogsNoErrorFromTheGraph()
    {
        // A system of its own, so only this stream's log is read.
        using var system = ActorSystem.Create("answer-cancel");
        var errors = new ConcurrentQueue<string>();
        var collector = system.ActorOf(Props.Create(() => new ErrorCollector(errors)));
        system.EventStream.Subscribe(collector, typeof(Error));
        var sink = new GatedSink();
        using var cancellation = new CancellationTokenSource();

        var answer = AnswerStreaming.StreamAsync(new CountingModel(2_000, sink), Request(), sink, TimeSpan.Zero, TimeProvider.System,
            system.Materializer(), cancellation.Token);
        await sink.FirstEmit.Task.WaitAsync(Patience);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer.WaitAsync(Patience));

        // Anything the graph logged reached the collector before this marker (one sender after the other, one mailbox).
        system.EventStream.Publish(new Error(null, "test", typeof(AnswerStreamingTests), "marker"));
        await Eventually.UntilAsync(() => errors.Contains("marker"), Patience, "the marker logged");
        Assert.Equal(["marker"], errors); // a cut-short answer is not an error: no stack trace in the node's log
    }

    private sealed class ErrorCollector : ReceiveActor
    {
        public ErrorCollector(ConcurrentQueue<string> errors) => Receive<Error>(e => errors.Enqueue(e.Message?.ToString() ?? ""));
    }

    [Fact]
    public async Task StreamAsync_StreamBreaksMidway_FailsWithTheModelsError()
    {
        var sink = new GatedSink();
        sink.Release();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => StreamAsync(new BreakingModel(), sink, CancellationToken.None).WaitAsync(Patience));

        Assert.Equal("stream broke", failure.Message);
    }

    [Fact]
    public async Task StreamAsync_ChainFellBack_NamesTheProviderThatServed()
    {
        var sink = new GatedSink();
        sink.Release();

        var output = await StreamAsync(new FallingBackModel(), sink, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(new AnswerOutput("from backup", "backup", 1), output);
    }
}
