namespace Eco.Agents.Prices;

/// <summary>Survey metadata.</summary>
internal sealed class SurveyDto
{
    public string? Source { get; set; }

    public string? Month { get; set; }

    public string? Unit { get; set; }

    public string? Url { get; set; }

    public string? Note { get; set; }
}
