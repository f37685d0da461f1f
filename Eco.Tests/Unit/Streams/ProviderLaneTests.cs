using System.Diagnostics;
using Eco.Streams.Resilience;
using Eco.Tests.Support;

namespace Eco.Tests.Unit.Streams;

/// <summary>A provider's lane (an Akka.Streams graph): concurrency, request and token budgets, a bounded queue, callers that give up.</summary>
public sealed class ProviderLaneTests
{
    private static ProviderLane Lane(ProviderLimitsOptions options) => new(options, TestLanes.Materializer);

    [Fact]
    public async Task At_most_MaxConcurrency_calls_are_admitted_until_one_ends()
    {
        using var lane = Lane(new ProviderLimitsOptions { MaxConcurrency = 2 });
        var first = await lane.AcquireAsync(10, default);
        var second = await lane.AcquireAsync(10, default);
        var third = lane.AcquireAsync(10, default);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, lane.InFlight);
        first.Permit.Dispose();
        using var admitted = (await third.WaitAsync(TimeSpan.FromSeconds(10))).Permit;
        Assert.Equal(2, lane.InFlight);
        second.Permit.Dispose();
    }

    [Fact]
    public async Task Requests_are_admitted_no_faster_than_the_requests_per_minute_budget()
    {
        using var lane = Lane(new ProviderLimitsOptions { RequestsPerMinute = 60 }); // one a second, burst of one
        var clock = Stopwatch.StartNew();
        var admitted = new List<TimeSpan>();
        foreach (var call in Enumerable.Range(0, 3).Select(_ => lane.AcquireAsync(1, default)).ToList())
        {
            using var permit = (await call.WaitAsync(TimeSpan.FromSeconds(20))).Permit;
            admitted.Add(clock.Elapsed);
        }
        Assert.True(admitted[2] - admitted[0] >= TimeSpan.FromSeconds(1.8), $"3 calls admitted within {admitted[2] - admitted[0]} at 60/min");
    }

    [Fact]
    public async Task Tokens_are_admitted_no_faster_than_the_tokens_per_minute_budget()
    {
        using var lane = Lane(new ProviderLimitsOptions { TokensPerMinute = 1_200 }); // 20 tokens a second, burst of 10
        var clock = Stopwatch.StartNew();
        var calls = Enumerable.Range(0, 3).Select(_ => lane.AcquireAsync(20, default)).ToList(); // a second's worth each
        foreach (var call in calls)
        {
            (await call.WaitAsync(TimeSpan.FromSeconds(20))).Permit.Dispose();
        }
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"60 tokens admitted in {clock.Elapsed} at 1,200/min");
    }

    [Fact]
    public async Task A_call_that_finds_the_queue_full_for_too_long_is_refused_with_the_reason()
    {
        using var lane = Lane(new ProviderLimitsOptions { MaxConcurrency = 1, QueueLimit = 1, QueueWait = TimeSpan.FromMilliseconds(200) });
        var held = await lane.AcquireAsync(1, default);
        var waiting = Enumerable.Range(0, 20).Select(_ => lane.AcquireAsync(1, default)).ToList();
        // While the held call runs nothing else can be admitted: the first call to end is one refused for want of room.
        var first = await Task.WhenAny(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        var refused = await Assert.ThrowsAsync<RateLimitRejectedException>(() => first);
        Assert.Contains("stayed full", refused.Message);
        Assert.Equal(1, lane.InFlight);
        held.Permit.Dispose();
        foreach (var call in waiting)
        {
            try
            {
                (await call.WaitAsync(TimeSpan.FromSeconds(10))).Permit.Dispose(); // those that had room are admitted in turn
            }
            catch (RateLimitRejectedException)
            {
            }
        }
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_queued_leaves_no_slot_taken()
    {
        using var lane = Lane(new ProviderLimitsOptions { MaxConcurrency = 1 });
        var held = await lane.AcquireAsync(1, default);
        using var giveUp = new CancellationTokenSource();
        var abandoned = lane.AcquireAsync(1, giveUp.Token);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        held.Permit.Dispose();
        using var next = (await lane.AcquireAsync(1, default).WaitAsync(TimeSpan.FromSeconds(10))).Permit;
        Assert.Equal(1, lane.InFlight);
    }

    [Fact]
    public async Task The_largest_budgets_the_settings_allow_still_admit_calls()
    {
        using var lane = Lane(new ProviderLimitsOptions { RequestsPerMinute = 10_000_000, TokensPerMinute = 1_000_000_000 });
        for (var i = 0; i < 100; i++)
        {
            (await lane.AcquireAsync(5_000, default).WaitAsync(TimeSpan.FromSeconds(10))).Permit.Dispose();
        }
        Assert.Equal(0, lane.InFlight);
    }
}
