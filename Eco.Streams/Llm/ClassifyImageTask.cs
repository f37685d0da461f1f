namespace Eco.Streams.Llm;

/// <summary>Classify a photo of waste into the taxonomy and situation tags.</summary>
/// <param name="ImageName">The photo's URL, or the file name it was uploaded under: all the offline model reads (never the pixels).</param>
/// <param name="Message">What the user said about it, if anything.</param>
public sealed record ClassifyImageTask(string ImageName, string? Message) : ModelTask
{
    /// <summary>What a vision model looks at; null when there is nothing to show it.</summary>
    public ModelImage? Image { get; init; }
}
