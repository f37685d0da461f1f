using System.Text.Json;
using Eco.Actors.Jobs;

namespace Eco.Streams.Graph;

/// <summary>Reads and writes the journaled outputs of stages.</summary>
public static class StageOutputs
{
    /// <summary>Deserializes the journaled output of <paramref name="stage"/>; throws when it is missing.</summary>
    public static T Read<T>(JobState state, string stage) =>
        TryRead<T>(state, stage) ?? throw new InvalidOperationException($"stage '{stage}' has no journaled output");

    /// <summary>Deserializes the journaled output of <paramref name="stage"/>, or default when it is missing or failed open.</summary>
    public static T? TryRead<T>(JobState state, string stage)
    {
        if (!state.StageOutputs.TryGetValue(stage, out var json))
        {
            return default;
        }
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False)
        {
            return default; // failed open: the job goes on without it
        }
        return JsonSerializer.Deserialize<T>(json, StreamsJson.Options);
    }

    /// <summary>Serializes a stage output.</summary>
    public static string Write<T>(T output) => JsonSerializer.Serialize(output, StreamsJson.Options);
}
