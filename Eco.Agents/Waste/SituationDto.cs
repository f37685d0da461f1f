namespace Eco.Agents.Waste;

/// <summary>One situation rule as stored in the file.</summary>
internal sealed class SituationDto
{
    public string? Label { get; set; }

    public List<string>? Triggers { get; set; }

    public List<string>? AppliesTo { get; set; }

    public string? TargetGuideId { get; set; }

    public string? Note { get; set; }
}
