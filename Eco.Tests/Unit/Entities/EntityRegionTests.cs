using System.Collections.Concurrent;
using Eco.Actors.Entities;
using Eco.Actors.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eco.Tests.Unit.Entities;

public sealed class EntityRegionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>A probe entity: its "journal" is the shared store, so a restart really rebuilds from what was stored.</summary>
    private sealed class ProbeEntity(IEntityContext<string> context, Probe probe) : IEntity<string>
    {
        public List<string> State { get; private set; } = [];

        public bool CanPassivate => !probe.Busy.ContainsKey(context.Id);

        public Task RecoverAsync(CancellationToken cancellationToken)
        {
            probe.Recoveries.AddOrUpdate(context.Id, 1, (_, n) => n + 1);
            State = [.. probe.Store.GetOrAdd(context.Id, _ => [])];
            return Task.CompletedTask;
        }

        public async Task HandleAsync(string message, CancellationToken cancellationToken)
        {
            var inFlight = probe.InFlight.AddOrUpdate(context.Id, 1, (_, n) => n + 1);
            probe.MaxInFlightPerEntity.AddOrUpdate(context.Id, inFlight, (_, max) => Math.Max(max, inFlight));
            try
            {
                await Task.Yield();
                if (message == "boom" || probe.AlwaysFail)
                {
                    throw new InvalidOperationException("boom");
                }
                lock (probe.Store)
                {
                    probe.Store[context.Id].Add(message);
                }
                State.Add(message);
                probe.Handled.Writer.TryWrite((context.Id, message, State.Count));
            }
            finally
            {
                probe.InFlight.AddOrUpdate(context.Id, 0, (_, n) => n - 1);
            }
        }

        public Task GiveUpAsync(Exception cause, CancellationToken cancellationToken)
        {
            probe.GaveUp.TrySetResult(context.Id);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            probe.Disposed.Writer.TryWrite(context.Id);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Probe
    {
        public readonly ConcurrentDictionary<JobId, List<string>> Store = new();
        public readonly ConcurrentDictionary<JobId, int> Recoveries = new();
        public readonly ConcurrentDictionary<JobId, int> MaxInFlightPerEntity = new();
        public readonly ConcurrentDictionary<JobId, bool> Busy = new();
        public readonly System.Threading.Channels.Channel<(JobId Id, string Message, int StateCount)> Handled =
            System.Threading.Channels.Channel.CreateUnbounded<(JobId, string, int)>();
        public readonly System.Threading.Channels.Channel<JobId> Disposed = System.Threading.Channels.Channel.CreateUnbounded<JobId>();
        public readonly TaskCompletionSource<JobId> GaveUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly ConcurrentQueue<string> DeadLetters = new();
        public readonly ConcurrentDictionary<JobId, int> InFlight = new();
        public bool AlwaysFail;
    }

    private static EntityRegion<string> Region(Probe probe, EntityRegionOptions? options = null) =>
        new(ctx => new ProbeEntity(ctx, probe), options ?? new EntityRegionOptions { MinRestartBackoff = TimeSpan.FromMilliseconds(1) },
            TimeProvider.System, NullLogger.Instance, deadLetter: m => probe.DeadLetters.Enqueue(m));

    private static async Task<List<(JobId Id, string Message, int StateCount)>> ReadHandledAsync(Probe probe, int count)
    {
        var list = new List<(JobId, string, int)>();
        using var timeout = new CancellationTokenSource(Wait);
        while (list.Count < count)
        {
            list.Add(await probe.Handled.Reader.ReadAsync(timeout.Token));
        }
        return list;
    }

    [Fact]
    public async Task TellAsync_ManyConcurrentSenders_EachEntityHandlesOneMessageAtATimeInArrivalOrderPerSender()
    {
        var probe = new Probe();
        await using var region = Region(probe);
        var ids = Enumerable.Range(0, 10).Select(_ => JobId.New()).ToArray();
        await Task.WhenAll(ids.SelectMany(id => Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await region.TellAsync(id, $"{sender}:{i}", default);
            }
        }))));
        var handled = await ReadHandledAsync(probe, ids.Length * 100);
        Assert.All(ids, id => Assert.Equal(1, probe.MaxInFlightPerEntity[id]));
        foreach (var id in ids)
        {
            var messages = handled.Where(h => h.Id == id).Select(h => h.Message).ToList();
            for (var sender = 0; sender < 4; sender++)
            {
                var fromSender = messages.Where(m => m.StartsWith($"{sender}:", StringComparison.Ordinal)).ToList();
                Assert.Equal(Enumerable.Range(0, 25).Select(i => $"{sender}:{i}"), fromSender);
            }
        }
    }

    [Fact]
    public async Task HandleAsync_Throws_RestartsThatEntityFromItsStoreOnly()
    {
        var probe = new Probe();
        await using var region = Region(probe);
        var faulty = JobId.New();
        var healthy = JobId.New();
        await region.TellAsync(faulty, "a", default);
        await region.TellAsync(healthy, "x", default);
        await region.TellAsync(faulty, "boom", default);
        await region.TellAsync(faulty, "b", default);
        await region.TellAsync(healthy, "y", default);
        var handled = await ReadHandledAsync(probe, 4);

        Assert.Equal(2, probe.Recoveries[faulty]);
        Assert.Equal(1, probe.Recoveries[healthy]);
        // "b" was handled by the restarted instance, which rebuilt ["a"] from the store: state count 2, not 1.
        Assert.Contains(handled, h => h.Id == faulty && h.Message == "b" && h.StateCount == 2);
        Assert.Equal(["a", "b"], probe.Store[faulty]);
        Assert.Equal(["x", "y"], probe.Store[healthy]);
    }

    [Fact]
    public async Task Idle_AfterPassivationTimeout_UnloadsAndNextMessageRecovers()
    {
        var probe = new Probe();
        await using var region = Region(probe, new EntityRegionOptions { PassivateAfter = TimeSpan.FromMilliseconds(50) });
        var id = JobId.New();
        await region.TellAsync(id, "a", default);
        await ReadHandledAsync(probe, 1);
        using var timeout = new CancellationTokenSource(Wait);
        Assert.Equal(id, await probe.Disposed.Reader.ReadAsync(timeout.Token));
        Assert.False(region.IsActive(id));

        await region.TellAsync(id, "b", default);
        var again = await ReadHandledAsync(probe, 1);
        Assert.Equal(2, again[0].StateCount); // replayed "a" before handling "b"
        Assert.Equal(2, probe.Recoveries[id]);
    }

    [Fact]
    public async Task Idle_WithWorkInFlight_IsNotPassivated()
    {
        var probe = new Probe();
        await using var region = Region(probe, new EntityRegionOptions { PassivateAfter = TimeSpan.FromMilliseconds(20) });
        var id = JobId.New();
        probe.Busy[id] = true;
        await region.TellAsync(id, "a", default);
        await ReadHandledAsync(probe, 1);
        using var window = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await probe.Disposed.Reader.ReadAsync(window.Token));
        Assert.True(region.IsActive(id));
    }

    [Fact]
    public async Task HandleAsync_AlwaysThrows_SupervisorGivesUpAfterMaxRestarts()
    {
        var probe = new Probe { AlwaysFail = true };
        await using var region = Region(probe, new EntityRegionOptions { MaxRestarts = 3, MinRestartBackoff = TimeSpan.FromMilliseconds(1) });
        var id = JobId.New();
        for (var i = 0; i < 5; i++)
        {
            await region.TellAsync(id, $"m{i}", default);
        }
        Assert.Equal(id, await probe.GaveUp.Task.WaitAsync(Wait));
        Assert.Equal(3 + 1 + 1, probe.Recoveries[id]); // first start + 3 restarts + the give-up instance
        Assert.Equal(["m4"], probe.DeadLetters); // m0..m3 each failed once; the message still queued is handed back, not dropped
    }
}
