using System.Diagnostics;

namespace Eco.Bench;

/// <summary>The longest time a thread of its own, sleeping 5 ms at a time, was kept from running past its wake-up: a freeze of
/// the whole process (a collection's pause, the hypervisor, the kernel) shows here whatever caused it, so a run it hit can be told
/// from one the code made slow.</summary>
internal sealed class StallProbe : IDisposable
{
    private static readonly TimeSpan Nap = TimeSpan.FromMilliseconds(5);
    private readonly Thread _thread;
    private volatile bool _stopped;
    private long _longestTicks;

    public StallProbe()
    {
        _thread = new Thread(Watch) { IsBackground = true, Name = "stall-probe" };
        _thread.Start();
    }

    /// <summary>The longest stall since the last call (or since the probe started).</summary>
    public TimeSpan TakeLongest() => TimeSpan.FromTicks(Interlocked.Exchange(ref _longestTicks, 0));

    private void Watch()
    {
        while (!_stopped)
        {
            var start = Stopwatch.GetTimestamp();
            Thread.Sleep(Nap);
            var late = (Stopwatch.GetElapsedTime(start) - Nap).Ticks;
            for (var longest = Volatile.Read(ref _longestTicks); late > longest;)
            {
                var seen = Interlocked.CompareExchange(ref _longestTicks, late, longest);
                longest = seen == longest ? late : seen;
            }
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }
}
