namespace Eco.Agents.Waste;

/// <summary>One guide as stored in the file.</summary>
internal sealed class GuideDto
{
    public string? Id { get; set; }

    public string? Stream { get; set; }

    public string? SubCategory { get; set; }

    public string? Title { get; set; }

    public string? Summary { get; set; }

    public List<string>? Items { get; set; }

    public List<string>? Aliases { get; set; }

    public List<string>? Keywords { get; set; }

    public List<string>? Reuse { get; set; }

    public List<string>? Steps { get; set; }

    public List<NotAcceptedDto>? NotAccepted { get; set; }

    public List<SituationDto>? Situations { get; set; }

    public List<string>? Tips { get; set; }
}
