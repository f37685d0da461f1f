using System.Runtime.CompilerServices;
using System.Text.Json;
using Eco.Actors.Jobs;

namespace Eco.Streams.Graph;

/// <summary>Reads and writes the journaled outputs of stages.</summary>
public static class StageOutputs
{
    // A journaled output never changes, and every copy of a job's state shares the same string: each is parsed once, not on every
    // decision (the router's output was parsed once per sub-agent per step). Entries live exactly as long as the string.
    private static readonly ConditionalWeakTable<string, ParsedOutput> Parsed = new();

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
        if (Parsed.TryGetValue(json, out var parsed) && parsed.Type == typeof(T))
        {
            return (T?)parsed.Value;
        }
        var value = Parse<T>(json);
        Parsed.AddOrUpdate(json, new ParsedOutput(typeof(T), value));
        return value;
    }

    /// <summary>Serializes a stage output.</summary>
    public static string Write<T>(T output) => JsonSerializer.Serialize(output, StreamsJson.Options);

    private static T? Parse<T>(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False)
        {
            return default; // failed open: the job goes on without it
        }
        return doc.RootElement.Deserialize<T>(StreamsJson.Options);
    }

    private sealed record ParsedOutput(Type Type, object? Value);
}
