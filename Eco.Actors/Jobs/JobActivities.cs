using System.Diagnostics;

namespace Eco.Actors.Jobs;

/// <summary>The job's spans, under the submit's span when the job was submitted in this actor's life: one per stage attempt, and
/// one per journal write of the job's own decisions (stage starts and ends, the terminal event).</summary>
internal static class JobActivities
{
    /// <summary>One source name for all of Eco's spans, whichever assembly starts them, so a tracer takes the whole job with one name.</summary>
    public static readonly ActivitySource Source = new("Eco");

    /// <summary>Records a journal write of <paramref name="events"/> events that has ended, back-dated to when it was asked for.</summary>
    /// <remarks>Recorded after the fact because a span left open across the actor's messages would be current on whatever its thread
    /// ran next. An untraced job (resumed after a restart or hand-off) records none: each write would be a trace of its own.</remarks>
    public static void Appended(ActivityContext trace, JobId job, int events, DateTimeOffset asked, DateTimeOffset written)
    {
        if (trace == default)
        {
            return;
        }
        using var span = Source.StartActivity("eco.journal.append", ActivityKind.Internal, trace, startTime: asked);
        span?.SetTag("eco.job_id", job.Value).SetTag("eco.events", events).SetEndTime(written.UtcDateTime);
    }
}
