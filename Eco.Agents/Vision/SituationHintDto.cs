namespace Eco.Agents.Vision;

/// <summary>One situation tag with the words that reveal it.</summary>
internal sealed class SituationHintDto
{
    public string? Tag { get; set; }

    public List<string>? Triggers { get; set; }
}
