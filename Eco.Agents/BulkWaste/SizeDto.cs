namespace Eco.Agents.BulkWaste;

/// <summary>A size band ("200L 이상") that picks one fee row when the message states a size.</summary>
internal sealed class SizeDto
{
    public string? Unit { get; set; }

    public double? Below { get; set; }

    public double? From { get; set; }
}
