namespace Eco.Streams.Scan;

/// <summary>Output of the vision stage.</summary>
/// <param name="Major">Major waste category (Korean).</param>
/// <param name="Middle">Recyclable sub-category, if any.</param>
/// <param name="Minor">The item, if recognised.</param>
/// <param name="SituationTags">Preparation state: contents left, label on, dirty, broken, …</param>
/// <param name="HintSource">What the classification was based on: <c>image</c>, <c>message</c>, <c>filename</c> or <c>none</c>.</param>
/// <param name="Provider">The model that classified.</param>
public sealed record VisionOutput(string Major, string? Middle, string? Minor, IReadOnlyList<string> SituationTags, string? HintSource, string Provider);
