using Eco.Actors.Events;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Journal;

[Trait("Category", "Integration")]
public sealed class JobWatcherTests : JournalTest
{

    [Fact]
    public async Task WatchAsync_SlowWatcherWithTinyBuffer_OverflowsYetReceivesEveryEventOnceInOrder()
    {
        var hub = new LiveEventHub();
        var watcher = new JobWatcher(Journal, hub, bufferCapacity: 4, pageSize: 16);
        var job = JobId.New();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var received = new List<long>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = Task.Run(async () =>
        {
            await foreach (var e in watcher.WatchAsync(job, 0, timeout.Token))
            {
                started.TrySetResult();
                received.Add(e.Seq);
                if (received.Count % 10 == 0)
                {
                    await Task.Delay(5, timeout.Token); // slower than the producer
                }
            }
        });

        // The producer behaves like an entity: append, then publish what was appended.
        var last = await Append(job, 0, 1, hub);
        await started.Task.WaitAsync(timeout.Token);
        var subscriber = hub.SubscriberCount;
        for (var i = 0; i < 300; i++)
        {
            last = await Append(job, last, 1 + i % 3, hub);
        }
        last = await AppendTerminal(job, last, hub);
        await watching.WaitAsync(timeout.Token);

        Assert.Equal(1, subscriber);
        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), received);
        Assert.Equal(0, hub.SubscriberCount); // the watch ended and unsubscribed
    }

    [Fact]
    public async Task WatchAsync_SubscribedBeforeCatchUp_MissesNothingPublishedDuringCatchUp()
    {
        var hub = new LiveEventHub();
        var watcher = new JobWatcher(Journal, hub, bufferCapacity: 1024, pageSize: 2);
        var job = JobId.New();
        var last = await Append(job, 0, 50, hub); // history
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                last = await Append(job, last, 1, hub);
            }
            await AppendTerminal(job, last, hub);
        });
        var seqs = new List<long>();
        await foreach (var e in watcher.WatchAsync(job, 10, timeout.Token))
        {
            seqs.Add(e.Seq);
        }
        await producer;
        Assert.Equal(Enumerable.Range(11, 141).Select(i => (long)i), seqs);
    }

    private async Task<long> Append(JobId job, long last, int count, LiveEventHub hub)
    {
        var events = Events.Many(count);
        var newLast = await Journal.AppendAsync(job, last, events, default);
        hub.Publish(events.Select((e, i) => new JournalEntry(job, last + 1 + i, e.Type, e.Timestamp, e.Stage, e.DataJson)).ToList());
        return newLast;
    }

    private async Task<long> AppendTerminal(JobId job, long last, LiveEventHub hub)
    {
        var done = Events.Stage(JobEventTypes.Completed, "{\"answer\":\"ok\"}");
        var newLast = await Journal.AppendAsync(job, last, [done], default);
        hub.Publish([new JournalEntry(job, newLast, done.Type, done.Timestamp, done.Stage, done.DataJson)]);
        return newLast;
    }
}
