using System.Text.Json;
using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

/// <summary>First-come claims in the journal: a claim is an internal stream whose first event names the job that made it, so
/// every node agrees who holds it, and a job that claims again (a retry, a replay) finds it still its own.</summary>
public static class JournalClaims
{
    /// <summary>Claims <paramref name="stream"/> for <paramref name="job"/> with an event of <paramref name="type"/> carrying
    /// <c>job_id</c> and <paramref name="details"/>.</summary>
    /// <returns>True when the claim is <paramref name="job"/>'s (made now or earlier); false when another job made it first.</returns>
    public static async Task<bool> ClaimAsync(this IJournal journal, JobId stream, JobId job, string type, DateTimeOffset at,
        IReadOnlyDictionary<string, string>? details, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string>(details ?? new Dictionary<string, string>()) { ["job_id"] = job.Value };
        try
        {
            await journal.AppendAsync(stream, expectedSeq: 0, [new EventData(type, at, null, JsonSerializer.Serialize(data))], cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (SequenceConflictException)
        {
            return (await FirstClaimAsync(journal, stream, cancellationToken).ConfigureAwait(false))?.DataJson is { } first
                && JobEventData.ReadString(first, "job_id") == job.Value;
        }
    }

    /// <summary>The claim's event, or null when nobody has made it.</summary>
    public static async Task<JournalEntry?> FirstClaimAsync(this IJournal journal, JobId stream, CancellationToken cancellationToken)
    {
        var first = await journal.ReadAsync(stream, afterSeq: 0, maxCount: 1, cancellationToken).ConfigureAwait(false);
        return first.Count == 1 ? first[0] : null;
    }
}
