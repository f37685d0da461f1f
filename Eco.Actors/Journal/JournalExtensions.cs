using System.Runtime.CompilerServices;
using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

/// <summary>Convenience reads over <see cref="IJournal"/>.</summary>
public static class JournalExtensions
{
    /// <summary>Streams every entry after <paramref name="afterSeq"/>, reading in pages so memory stays bounded.</summary>
    public static async IAsyncEnumerable<JournalEntry> ReadAllAsync(
        this IJournal journal, JobId jobId, long afterSeq, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = afterSeq;
        while (true)
        {
            var page = await journal.ReadAsync(jobId, after, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                yield return entry;
            }
            if (page.Count < pageSize)
            {
                yield break;
            }
            after = page[^1].Seq;
        }
    }
}
