using System.Globalization;
using System.Text;

namespace Eco.FakeLlm;

/// <summary>A copy of <see cref="FakeLlmStats"/> at one moment, as served by <c>GET /_fake/stats</c>.</summary>
/// <param name="TotalRequests">Chat completion requests received.</param>
/// <param name="CompletedCalls">Calls whose full response was sent.</param>
/// <param name="TokensSent">Content tokens written to clients.</param>
/// <param name="InFlight">Requests being handled at that moment.</param>
/// <param name="MaxInFlight">Highest concurrency observed.</param>
/// <param name="RequestsByOutcome">Requests per outcome label.</param>
/// <param name="CompletedByUser">Completed calls per <c>user</c> value.</param>
public sealed record FakeLlmStatsSnapshot(
    long TotalRequests,
    long CompletedCalls,
    long TokensSent,
    int InFlight,
    int MaxInFlight,
    IReadOnlyDictionary<string, long> RequestsByOutcome,
    IReadOnlyDictionary<string, int> CompletedByUser)
{
    /// <summary>One line such as <c>requests=12 ok=10 429=2 … completed=10 in-flight=1 max-in-flight=4</c>.</summary>
    public override string ToString()
    {
        var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"requests={TotalRequests}");
        foreach (var (label, count) in RequestsByOutcome)
        {
            if (count > 0 || label is "ok") line.Append(CultureInfo.InvariantCulture, $" {label}={count}");
        }
        line.Append(CultureInfo.InvariantCulture, $" completed={CompletedCalls} users={CompletedByUser.Count} tokens={TokensSent} in-flight={InFlight} max-in-flight={MaxInFlight}");
        return line.ToString();
    }
}
