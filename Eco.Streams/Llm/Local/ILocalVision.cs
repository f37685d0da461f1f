namespace Eco.Streams.Llm.Local;

/// <summary>What the offline model uses to "see" a photo: hints in the message or the file name (it says which).</summary>
public interface ILocalVision
{
    /// <summary>Returns a vision classification as JSON in the shape of <see cref="Prompts.VisionSchema"/>.</summary>
    string ClassifyJson(string imageUrl, string? message);
}
