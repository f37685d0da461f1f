using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Streams.Chat.Conversations;
using Microsoft.Extensions.Options;

namespace Eco.Host.Hosting;

/// <summary>Wakes unfinished jobs that have gone quiet: each one whose last event is older than
/// <see cref="JobEntityOptions.ResumeIdleAfter"/> gets a <see cref="ResumeJob"/> through sharding.</summary>
/// <remarks>
/// <para>Sharding's remember-entities restarts a job's entity wherever its shard goes. This is the backstop for an entity that
/// nothing restarted (its remember-entities record lost with the store, the shard count changed, a fault not yet understood), so
/// an unfinished job is never forgotten: the message starts the entity, which resumes from its journal. A job that is alive and
/// busy ignores it, so a false alarm costs one message.</para>
/// <para>Only the cluster's leader sweeps (sharding delivers to any node's jobs), every quarter of the idle time and at most every
/// minute, and wakes at most <see cref="MaxPerSweep"/> jobs a sweep so a large backlog restarts in steps.</para>
/// </remarks>
internal sealed class IdleJobSweeper(IJournal journal, IRequiredActor<EcoRegion> region, ActorSystem system, IOptions<JobEntityOptions> options,
    TimeProvider time, ILogger<IdleJobSweeper> logger) : BackgroundService
{
    /// <summary>The most jobs one sweep wakes.</summary>
    public const int MaxPerSweep = 1_000;

    private const int PageSize = 500;

    /// <summary>Wakes the quiet unfinished jobs now, on any node; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var idleAfter = options.Value.ResumeIdleAfter;
        var quietSince = time.GetUtcNow() - idleAfter;
        var jobs = await region.GetAsync(cancellationToken).ConfigureAwait(false);
        var woken = new List<JobId>();
        JobId? after = null;
        while (woken.Count < MaxPerSweep)
        {
            var page = await journal.ListJobsAsync(new JobListQuery(UnfinishedOnly: true, after, PageSize), cancellationToken).ConfigureAwait(false);
            foreach (var stream in page)
            {
                // A conversation's own stream never ends; its turns are jobs like any other.
                if (woken.Count < MaxPerSweep && stream.UpdatedAt <= quietSince && !ConversationIds.IsConversation(stream.JobId))
                {
                    jobs.Tell(new ShardingEnvelope(stream.JobId.Value, ResumeJob.Instance));
                    woken.Add(stream.JobId);
                }
            }
            if (page.Count < PageSize)
            {
                break;
            }
            after = page[^1].JobId;
        }
        if (woken.Count > 0)
        {
            HostLog.IdleJobsWoken(logger, woken.Count, idleAfter, string.Join(", ", woken.Take(5)));
        }
        return woken.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idleAfter = options.Value.ResumeIdleAfter;
        if (idleAfter <= TimeSpan.Zero)
        {
            return;
        }
        var every = TimeSpan.FromTicks(Math.Clamp(idleAfter.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        using var timer = new PeriodicTimer(every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!IsLeader())
                {
                    continue;
                }
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    HostLog.IdleJobSweepFailed(logger, every, ex); // the journal may be down: the next sweep tries again
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private bool IsLeader()
    {
        var cluster = Cluster.Get(system);
        return cluster.SelfMember.Status == MemberStatus.Up && cluster.SelfAddress.Equals(cluster.State.Leader);
    }
}
