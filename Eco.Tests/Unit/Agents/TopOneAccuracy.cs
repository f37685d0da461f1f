using Eco.Agents.Waste;

namespace Eco.Tests.Unit.Agents;

/// <summary>How often the retriever's first match is the expected guide, with a line for each miss.</summary>
internal static class TopOneAccuracy
{
    public static (double Accuracy, IReadOnlyList<string> Misses) Measure(WasteRetriever retriever, IReadOnlyList<(string Question, string Expected)> cases)
    {
        var misses = new List<string>();
        foreach (var (question, expected) in cases)
        {
            var top = retriever.Search(question).FirstOrDefault();
            if (top?.GuideId != expected)
            {
                misses.Add($"MISS '{question}': expected {expected}, got {top?.GuideId ?? "(none)"} [{string.Join(", ", top?.MatchedTerms ?? [])}]");
            }
        }
        return ((cases.Count - misses.Count) / (double)cases.Count, misses);
    }
}
