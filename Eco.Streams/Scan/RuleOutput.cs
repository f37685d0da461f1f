namespace Eco.Streams.Scan;

/// <summary>Output of the rule stage.</summary>
/// <param name="GuideId">The disposal guide chosen, if one fits.</param>
/// <param name="Title">Its title.</param>
public sealed record RuleOutput(string? GuideId, string? Title);
