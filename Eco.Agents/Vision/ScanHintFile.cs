namespace Eco.Agents.Vision;

// File-shaped DTOs for Data/scan-hints.json.

/// <summary>Root of scan-hints.json.</summary>
internal sealed class ScanHintFile
{
    public int SchemaVersion { get; set; }

    public List<SituationHintDto>? Situations { get; set; }

    public List<string>? Blockers { get; set; }

    public List<DerivedTagDto>? Derived { get; set; }

    public Dictionary<string, string>? English { get; set; }

    public List<InsufficiencyDto>? Insufficiencies { get; set; }
}
