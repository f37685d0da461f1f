namespace Eco.Agents.Waste;

/// <summary>One disposal guide that matched a user's message.</summary>
/// <param name="GuideId">Id of the matched guide.</param>
/// <param name="Title">Display title of the matched guide.</param>
/// <param name="Score">Relevance in the range 0..1; item-level matches score at least 0.55, category words alone stay below 0.5.</param>
/// <param name="MatchedTerms">Dataset terms found in the message, most specific first.</param>
public sealed record WasteMatch(string GuideId, string Title, double Score, IReadOnlyList<string> MatchedTerms);
