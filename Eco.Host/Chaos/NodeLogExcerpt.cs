namespace Eco.Host.Chaos;

/// <summary>What each node logged about the jobs a chaos run found unfinished: the first lines to read in a post-mortem.</summary>
internal static class NodeLogExcerpt
{
    private const int MaxJobs = 3;
    private const int MaxLinesPerJob = 12;
    private const int MaxLineChars = 400;

    /// <summary>Writes, for each of the first jobs, the log lines that name it, node by node.</summary>
    public static async Task WriteAsync(IReadOnlyList<(string NodeId, string LogPath)> logs, IReadOnlyList<string> jobIds, TextWriter output,
        CancellationToken cancellationToken)
    {
        foreach (var jobId in jobIds.Take(MaxJobs))
        {
            var lines = new List<string>();
            foreach (var (nodeId, path) in logs.Where(l => File.Exists(l.LogPath)))
            {
                await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
                {
                    if (line.Contains(jobId, StringComparison.Ordinal))
                    {
                        lines.Add($"  {nodeId}: {(line.Length <= MaxLineChars ? line : line[..MaxLineChars] + "…")}");
                    }
                }
            }
            await output.WriteLineAsync($"eco chaos: {jobId} never ended; {lines.Count} node log lines name it" +
                (lines.Count > MaxLinesPerJob ? $" (the first {MaxLinesPerJob})" : ""));
            foreach (var line in lines.Take(MaxLinesPerJob))
            {
                await output.WriteLineAsync(line);
            }
        }
    }
}
