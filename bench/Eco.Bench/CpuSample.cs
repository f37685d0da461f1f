using System.Diagnostics;
using System.Globalization;

namespace Eco.Bench;

/// <summary>CPU use between two samples: the whole machine's (busy time from /proc/stat), PostgreSQL's and Redis's when they
/// run on this machine (all their processes, from /proc/PID/stat), and the steal: time the hypervisor gave this machine's
/// virtual CPUs to others while they had work (the tail of the latency follows it). This process's is <see cref="GcWindow"/>'s.</summary>
internal sealed record CpuSample(long MachineBusyTicks, long StealTicks, long PostgresTicks, long RedisTicks, long Timestamp)
{
    private const double TicksPerSecond = 100; // USER_HZ: /proc/stat counts in hundredths of a second on Linux

    public static CpuSample Take()
    {
        long busy = 0, steal = 0;
        if (File.Exists("/proc/stat"))
        {
            // "cpu  user nice system idle iowait irq softirq steal ..." summed over CPUs. Busy = all but idle and iowait; the
            // idle count is not trusted on virtual machines (it can lag), so the rate is taken against the wall clock.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            busy = fields.Take(8).Sum() - fields[3] - fields[4];
            steal = fields[7];
        }
        return new CpuSample(busy, steal, TicksOf("postgres"), TicksOf("redis-server"),
            Stopwatch.GetTimestamp());
    }

    public (double MachinePercent, double StealPercent, double PostgresPercent, double RedisPercent) Since(CpuSample start)
    {
        var wall = Stopwatch.GetElapsedTime(start.Timestamp, Timestamp).TotalSeconds;
        double Percent(long ticks) => 100.0 * ticks / TicksPerSecond / wall;
        return (Percent(MachineBusyTicks - start.MachineBusyTicks), Percent(StealTicks - start.StealTicks), Percent(PostgresTicks - start.PostgresTicks), Percent(RedisTicks - start.RedisTicks));
    }

    // utime + stime of every process with this name (fields 14 and 15 of /proc/PID/stat, after the parenthesised name).
    private static long TicksOf(string name)
    {
        long ticks = 0;
        foreach (var dir in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            try
            {
                if (!char.IsAsciiDigit(Path.GetFileName(dir)[0]) || File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd() != name)
                {
                    continue;
                }
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // the process ended between listing and reading
            }
        }
        return ticks;
    }
}
