using Eco.Actors.Entities;
using Eco.Actors.Journal;
using Microsoft.Extensions.Logging;

namespace Eco.Actors.Jobs;

/// <summary>Remember-entities: wakes unfinished jobs so they continue after a restart or on a shard's new owner.</summary>
public static class JobRecovery
{
    /// <summary>Sends <see cref="ResumeJob"/> to each unfinished job; returns how many were woken.</summary>
    /// <param name="journal">The journal to scan.</param>
    /// <param name="region">The job region.</param>
    /// <param name="isJob">Which streams are jobs (others, such as conversations, share the journal but are not resumed here).</param>
    /// <param name="logger">The log.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public static async Task<int> ResumeUnfinishedAsync(
        IJournal journal, EntityRegion<IJobMessage> region, Func<JobId, bool> isJob, ILogger logger, CancellationToken cancellationToken)
    {
        var resumed = 0;
        JobId? after = null;
        while (true)
        {
            var page = await journal.ListJobsAsync(new JobListQuery(UnfinishedOnly: true, after, Limit: 500), cancellationToken).ConfigureAwait(false);
            foreach (var job in page.Where(j => isJob(j.JobId) && !region.IsActive(j.JobId)))
            {
                await region.TellAsync(job.JobId, ResumeJob.Instance, cancellationToken).ConfigureAwait(false);
                resumed++;
            }
            if (page.Count < 500)
            {
                break;
            }
            after = page[^1].JobId;
        }
        if (resumed > 0)
        {
            ActorsLog.ResumingJobs(logger, resumed);
        }
        return resumed;
    }
}
