using Eco.Agents.Waste;
using Xunit.Abstractions;

namespace Eco.Tests.Unit.Agents.HeldApart;

/// <summary>Retrieval accuracy on <see cref="HeldApartQuestions"/>, the questions no tuning has looked at (issue 13).</summary>
/// <remarks>
/// The floor sits a few points below the figure measured once, after the issue 13 fixes, so that a change that makes
/// retrieval worse on unseen questions fails here. Never raise the figure by tuning to these questions.
/// </remarks>
public sealed class WasteRetrieverHeldApartTests(ITestOutputHelper output)
{
    // Measured once on 2026-12-02: 88.4% (114/129).
    private const double Floor = 0.85;

    private static readonly WasteCatalog Catalog = WasteCatalog.LoadEmbedded();
    private static readonly WasteRetriever Retriever = new(Catalog);

    [Fact]
    public void HeldApartQuestions_Set_HasAtLeast100QuestionsOverEveryGuide()
    {
        var expected = HeldApartQuestions.Questions.Select(row => (string)row[1]).ToArray();

        Assert.True(expected.Length >= 100, $"only {expected.Length} held-apart questions");
        Assert.All(expected, id => Assert.NotNull(Catalog.Find(id)));
        Assert.Equal(Catalog.Guides.Select(g => g.Id).Order(), expected.Distinct().Order());
    }

    [Fact]
    public void Search_HeldApartQuestions_TopOneAccuracyStaysAboveFloor()
    {
        var cases = HeldApartQuestions.Questions.Select(row => ((string)row[0], (string)row[1])).ToArray();
        var (accuracy, misses) = TopOneAccuracy.Measure(Retriever, cases);
        foreach (var miss in misses)
        {
            output.WriteLine(miss);
        }
        output.WriteLine($"held-apart top-1 accuracy: {accuracy:P1} ({cases.Length - misses.Count}/{cases.Length})");

        Assert.True(accuracy >= Floor, $"held-apart top-1 accuracy {accuracy:P1} is below the floor {Floor:P0}");
    }
}
