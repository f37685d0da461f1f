namespace Eco.Agents.Waste;

/// <summary>One not-accepted entry as stored in the file.</summary>
internal sealed class NotAcceptedDto
{
    public string? Item { get; set; }

    public List<string>? Match { get; set; }

    public string? WhereInstead { get; set; }

    public string? GuideId { get; set; }

    public bool Attachment { get; set; }
}
