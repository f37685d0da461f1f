using System.Diagnostics;
using Eco.Actors.Jobs;
using Eco.Streams.Usage;

namespace Eco.Streams.Resilience;

/// <summary>A span per model attempt (provider, model, outcome, tokens), a child of the stage that called the model.</summary>
internal static class ModelActivities
{
    /// <summary>Records an attempt that has ended: its outcome and tokens are known only then, so the span is back-dated to its start.</summary>
    public static void Attempted(ModelAttempt attempt, DateTimeOffset ended)
    {
        using var span = JobActivities.Source.StartActivity("eco.model.attempt", ActivityKind.Client, default(ActivityContext), startTime: ended - attempt.Latency);
        if (span is null)
        {
            return;
        }
        span.SetTag(JobActivities.JobIdTag, span.Parent?.GetTagItem(JobActivities.JobIdTag))
            .SetTag("eco.provider", attempt.Provider)
            .SetTag("eco.model", attempt.Model)
            .SetTag("eco.outcome", attempt.Outcome.ToString())
            .SetTag("eco.tokens_in", attempt.TokensIn)
            .SetTag("eco.tokens_out", attempt.TokensOut)
            .SetEndTime(ended.UtcDateTime);
        if (attempt.Outcome != ModelOutcome.Ok)
        {
            span.SetStatus(ActivityStatusCode.Error, attempt.Outcome.ToString());
        }
    }
}
