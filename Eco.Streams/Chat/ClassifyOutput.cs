using Eco.Agents.Intents;

namespace Eco.Streams.Chat;

/// <summary>Output of the classify stage.</summary>
/// <param name="Intent">Primary intent.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Additional">Further intents in the same message.</param>
/// <param name="Provider">The model that classified.</param>
public sealed record ClassifyOutput(Intent Intent, double Confidence, IReadOnlyList<Intent> Additional, string Provider)
{
    /// <summary>As the domain type.</summary>
    public IntentClassification ToClassification() => new(Intent, Confidence, Additional);

    /// <summary>Primary first, then the others, without repeats.</summary>
    public IEnumerable<Intent> All => new[] { Intent }.Concat(Additional).Distinct();
}
