namespace Eco.Agents.Waste;

/// <summary>One attached detail (tape, an invoice, a straw, leftovers) as stored in the file.</summary>
internal sealed class DetailDto
{
    public string? Label { get; set; }

    public List<string>? Match { get; set; }

    public List<string>? StepWords { get; set; }
}
