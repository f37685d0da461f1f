using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Eco.Host.Chaos;

/// <summary>What each node logged about the jobs a chaos run found unfinished, or that only the idle-job sweep restarted: the first
/// lines to read in a post-mortem.</summary>
internal static partial class NodeLogExcerpt
{
    private const int MaxJobs = 3;
    private const int MaxLinesPerJob = 12;
    private const int MaxLineChars = 400;

    /// <summary>Writes, for each of the first jobs, the log lines that name it, node by node, under "{job} {what}".</summary>
    public static async Task WriteAsync(IReadOnlyList<(string NodeId, string LogPath)> logs, IReadOnlyList<string> jobIds, string what, TextWriter output,
        CancellationToken cancellationToken)
    {
        foreach (var jobId in jobIds.Take(MaxJobs))
        {
            var lines = new List<string>();
            await foreach (var (nodeId, line) in LinesAsync(logs, cancellationToken))
            {
                if (line.Contains(jobId, StringComparison.Ordinal))
                {
                    lines.Add($"  {nodeId}: {(line.Length <= MaxLineChars ? line : line[..MaxLineChars] + "…")}");
                }
            }
            await output.WriteLineAsync($"eco chaos: {jobId} {what}; {lines.Count} node log lines name it" +
                (lines.Count > MaxLinesPerJob ? $" (the first {MaxLinesPerJob})" : ""));
            foreach (var line in lines.Take(MaxLinesPerJob))
            {
                await output.WriteLineAsync(line);
            }
        }
    }

    /// <summary>The jobs whose entity no node ran until the idle-job sweep started it (the job actor's own warning), in log order.</summary>
    public static async Task<IReadOnlyList<string>> StartedBySweepAsync(IReadOnlyList<(string NodeId, string LogPath)> logs, CancellationToken cancellationToken)
    {
        var jobs = new List<string>();
        await foreach (var (_, line) in LinesAsync(logs, cancellationToken))
        {
            if (StartedBySweepLine().Match(line) is { Success: true } match && !jobs.Contains(match.Groups[1].Value))
            {
                jobs.Add(match.Groups[1].Value);
            }
        }
        return jobs;
    }

    /// <summary>Every line of every node's log, node by node; a node that never started has none.</summary>
    private static async IAsyncEnumerable<(string NodeId, string Line)> LinesAsync(IReadOnlyList<(string NodeId, string LogPath)> logs,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (nodeId, path) in logs.Where(l => File.Exists(l.LogPath)))
        {
            await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
            {
                yield return (nodeId, line);
            }
        }
    }

    // ActorsLog.JobStartedBySweep's message.
    [GeneratedRegex(@"Job (\S+) \(unfinished at seq \d+\) had no running entity until the idle-job sweep started it")]
    private static partial Regex StartedBySweepLine();
}
