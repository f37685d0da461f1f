using System.Diagnostics;

namespace Eco.Actors.Jobs;

/// <summary>Eco's spans, one source for every assembly that starts them (the submit, each stage attempt, each model attempt, each
/// journal write of the job's own decisions), so a tracer takes a whole job with one name; every span carries <see cref="JobIdTag"/>.</summary>
public static class JobActivities
{
    /// <summary>The source name a tracer subscribes to.</summary>
    public const string SourceName = "Eco";

    /// <summary>The tag naming the job a span belongs to.</summary>
    public const string JobIdTag = "eco.job_id";

    /// <summary>The source of all of Eco's spans.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Records a journal write of <paramref name="events"/> events that has ended, back-dated to when it was asked for.</summary>
    /// <remarks>Recorded after the fact because a span left open across the actor's messages would be current on whatever its thread
    /// ran next. An untraced job (resumed after a restart or hand-off) records none: each write would be a trace of its own.</remarks>
    internal static void Appended(ActivityContext trace, JobId job, int events, DateTimeOffset asked, DateTimeOffset written)
    {
        if (trace == default)
        {
            return;
        }
        using var span = Source.StartActivity("eco.journal.append", ActivityKind.Internal, trace, startTime: asked);
        span?.SetTag(JobIdTag, job.Value).SetTag("eco.events", events).SetEndTime(written.UtcDateTime);
    }
}
