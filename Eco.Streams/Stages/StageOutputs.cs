using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Intents;
using Eco.Agents.Waste;

namespace Eco.Streams.Stages;

/// <summary>Output of the classify stage.</summary>
/// <param name="Intent">Primary intent.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Additional">Further intents in the same message.</param>
public sealed record ClassifyOutput(Intent Intent, double Confidence, IReadOnlyList<Intent> Additional)
{
    /// <summary>As the domain type.</summary>
    public IntentClassification ToClassification() => new(Intent, Confidence, Additional);
}

/// <summary>Output of the retrieve stage.</summary>
/// <param name="Matches">Guides found, best first.</param>
public sealed record RetrieveOutput(IReadOnlyList<WasteMatch> Matches);

/// <summary>Output of the answer stage.</summary>
/// <param name="Text">The whole answer.</param>
/// <param name="Provider">Which model wrote it.</param>
public sealed record AnswerOutput(string Text, string Provider);

/// <summary>Reads the journaled outputs of earlier stages.</summary>
public static class StageOutputs
{
    /// <summary>Deserializes the journaled output of <paramref name="stage"/>; throws when it is missing.</summary>
    public static T Read<T>(JobState state, string stage) =>
        state.StageOutputs.TryGetValue(stage, out var json)
            ? JsonSerializer.Deserialize<T>(json, StreamsJson.Options) ?? throw new InvalidOperationException($"stage '{stage}' output is null")
            : throw new InvalidOperationException($"stage '{stage}' has no journaled output");

    /// <summary>Serializes a stage output.</summary>
    public static string Write<T>(T output) => JsonSerializer.Serialize(output, StreamsJson.Options);
}
