using System.ComponentModel.DataAnnotations;

namespace Eco.Streams.Llm.Local;

/// <summary>Settings of the offline model that answers from the bundled dataset.</summary>
public sealed class LocalModelOptions
{
    /// <summary>Configuration section bound to these options.</summary>
    public const string SectionName = "Eco:Llm:Local";

    /// <summary>Delay before each streamed piece, to behave like a real model. Default 20 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan TokenDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Longest piece in characters (Korean model tokens are one or two syllables). Default 4.</summary>
    [Range(1, 1000)]
    public int MaxTokenChars { get; set; } = 4;
}
