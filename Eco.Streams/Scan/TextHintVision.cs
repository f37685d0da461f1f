using System.Text.Json;
using Eco.Agents.Vision;
using Eco.Streams.Llm.Local;

namespace Eco.Streams.Scan;

/// <summary>The offline model's "eyes": reads the user's words or the image's file name, never the pixels, and says which it used.</summary>
public sealed class TextHintVision(TextHintClassifier classifier) : ILocalVision
{
    /// <inheritdoc />
    public string ClassifyJson(string imageUrl, string? message)
    {
        var c = classifier.Classify(message, imageUrl);
        return JsonSerializer.Serialize(new
        {
            major = c.Major,
            middle = c.Middle,
            minor = c.Minor,
            situation_tags = c.SituationTags,
            hint_source = c.HintSource,
        }, StreamsJson.Options);
    }
}
