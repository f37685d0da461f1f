using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Streams.Llm;

namespace Eco.Streams.Chat;

/// <summary>Turns model notices (waits, retries, fallbacks) into journaled stage events, so backpressure is visible to clients.</summary>
public static class ModelNotices
{
    /// <summary>An observer that writes each notice as <c>llm.{kind}</c> through the stage's sink.</summary>
    public static Func<ModelNotice, ValueTask> ToSink(IStageSink sink, CancellationToken cancellationToken) =>
        notice => sink.EmitEventAsync("llm." + notice.Kind, JsonSerializer.Serialize(new
        {
            provider = notice.Provider,
            detail = notice.Detail,
            delay_ms = Math.Round(notice.Delay.TotalMilliseconds),
        }, StreamsJson.Options), cancellationToken);
}
