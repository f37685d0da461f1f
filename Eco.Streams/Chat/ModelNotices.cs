using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Streams.Llm;

namespace Eco.Streams.Chat;

/// <summary>Ties a stage's model calls to its entity: notices (waits, retries, fallbacks) become journaled stage events, so
/// backpressure is visible to clients, and a call leaves only while the entity's node may still act for the job.</summary>
public static class ModelNotices
{
    /// <summary>This request, made by the stage behind <paramref name="sink"/>: notices go to its journal, and it is refused once
    /// the node may no longer act for the job.</summary>
    public static ModelRequest MadeBy(this ModelRequest request, IStageSink sink, CancellationToken cancellationToken) =>
        request with { Observer = ToSink(sink, cancellationToken), MayCall = () => sink.MayAct };

    /// <summary>An observer that writes each notice as <c>llm.{kind}</c> through the stage's sink.</summary>
    private static Func<ModelNotice, ValueTask> ToSink(IStageSink sink, CancellationToken cancellationToken) =>
        notice => sink.EmitEventAsync("llm." + notice.Kind, JsonSerializer.Serialize(new
        {
            provider = notice.Provider,
            detail = notice.Detail,
            delay_ms = Math.Round(notice.Delay.TotalMilliseconds),
        }, StreamsJson.Options), cancellationToken);
}
