namespace Eco.Streams.Llm;

/// <summary>Classify a photo of waste into the taxonomy and situation tags.</summary>
/// <param name="ImageUrl">Where the image is.</param>
/// <param name="Message">What the user said about it, if anything.</param>
public sealed record ClassifyImageTask(string ImageUrl, string? Message) : ModelTask;
