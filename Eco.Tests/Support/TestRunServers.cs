using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Eco.Tests.Support;

/// <summary>The servers a test run started (Redis, PostgreSQL): stopped when the run ends, and recorded in pid files so the next
/// run reaps what a killed one left behind.</summary>
/// <remarks>Not at process exit: the test host may be ended before its exit handlers finish (a <c>redis-server</c> outlived
/// <c>scripts/test.sh</c> by minutes). <see cref="TestRunAssemblyRunner"/> calls <see cref="StopAllAsync"/> as the last step of the run.</remarks>
public static class TestRunServers
{
    private static readonly string PidDir = Path.Combine(Path.GetTempPath(), "eco-test-servers");
    private static readonly ConcurrentDictionary<object, Func<Task>> Running = new(ReferenceEqualityComparer.Instance);

    /// <summary>Stops <paramref name="server"/> with <paramref name="stop"/> at the end of the run, unless it was stopped before.</summary>
    public static void StopAtEnd(object server, Func<Task> stop) => Running[server] = stop;

    /// <summary>The server was stopped by its test: nothing to do at the end.</summary>
    public static void Stopped(object server) => Running.TryRemove(server, out _);

    /// <summary>Records a server process so a later run can kill it if this one dies first; only a process whose command line still
    /// contains every one of <paramref name="marks"/> is ever killed (a pid can be reused).</summary>
    public static void RecordPid(int pid, params string[] marks) => RecordPid(Environment.ProcessId, pid, marks);

    /// <summary>Records a server process started by the test host <paramref name="owner"/>.</summary>
    internal static void RecordPid(int owner, int pid, string[] marks)
    {
        Directory.CreateDirectory(PidDir);
        File.WriteAllLines(PidFile(pid), [owner.ToString(CultureInfo.InvariantCulture), .. marks]);
    }

    /// <summary>Whether a pid file is kept for <paramref name="pid"/>.</summary>
    internal static bool IsRecorded(int pid) => File.Exists(PidFile(pid));

    /// <summary>The process is gone (stopped, or killed by a test on purpose).</summary>
    public static void ForgetPid(int pid) => File.Delete(PidFile(pid));

    /// <summary>Kills the servers of earlier runs whose test host is gone.</summary>
    public static void ReapLeftovers()
    {
        if (!Directory.Exists(PidDir))
        {
            return;
        }
        foreach (var file in Directory.GetFiles(PidDir, "*.pid"))
        {
            try
            {
                var lines = File.ReadAllLines(file);
                if (ProcessLiveness.IsAlive(int.Parse(lines[0], CultureInfo.InvariantCulture)))
                {
                    continue; // another run, still going (another worktree's, perhaps)
                }
                var pid = int.Parse(Path.GetFileNameWithoutExtension(file), CultureInfo.InvariantCulture);
                if (CommandLine(pid) is { } commandLine && lines.Skip(1).All(commandLine.Contains))
                {
                    using var leftover = Process.GetProcessById(pid);
                    leftover.Kill();
                }
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
            {
                // gone meanwhile, or a file being written by a run starting now: the next run looks again
            }
        }
    }

    /// <summary>Stops every server still running; one that fails to stop does not keep the others up.</summary>
    internal static async Task StopAllAsync()
    {
        foreach (var (server, stop) in Running.ToArray())
        {
            try
            {
                await stop();
            }
            catch (Exception)
            {
                // its pid file stays: the next run reaps it
            }
            Running.TryRemove(server, out _);
        }
    }

    private static string PidFile(int pid) => Path.Combine(PidDir, pid.ToString(CultureInfo.InvariantCulture) + ".pid");

    private static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null; // no such process
        }
    }
}
