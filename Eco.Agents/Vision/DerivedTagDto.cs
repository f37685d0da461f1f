namespace Eco.Agents.Vision;

/// <summary>A tag added when another tag meets a sub-category (broken + glass bottle → broken glass bottle).</summary>
internal sealed class DerivedTagDto
{
    public string? When { get; set; }

    public string? Middle { get; set; }

    public List<string>? Words { get; set; }

    public string? Add { get; set; }
}
