namespace Eco.Agents.Vision;

/// <summary>A preparation problem signalled by situation tags.</summary>
internal sealed class InsufficiencyDto
{
    public List<string>? Tags { get; set; }

    public List<string>? Scope { get; set; }

    public string? Text { get; set; }
}
