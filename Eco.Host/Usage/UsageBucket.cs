using Eco.Streams.Usage;

namespace Eco.Host.Usage;

/// <summary>Usage of one provider and model over some span (a minute on one node, or merged over nodes and minutes).</summary>
/// <remarks>Latency is of answered attempts only: a 429 that comes back at once would otherwise pull p50 down.</remarks>
internal sealed class UsageBucket
{
    private readonly Dictionary<ModelOutcome, long> _outcomes = [];
    private readonly Dictionary<string, long> _fallbacksTo = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<ModelOutcome, long> Outcomes => _outcomes;

    /// <summary>Calls handed on to the next provider after this one failed, per provider that took them.</summary>
    public IReadOnlyDictionary<string, long> FallbacksTo => _fallbacksTo;

    public long TokensIn { get; private set; }

    public long TokensOut { get; private set; }

    public LatencyHistogram Latency { get; } = new();

    public long Calls => _outcomes.Values.Sum();

    public long Fallbacks => _fallbacksTo.Values.Sum();

    public long Count(ModelOutcome outcome) => _outcomes.GetValueOrDefault(outcome);

    public void Add(ModelAttempt attempt)
    {
        AddOutcome(attempt.Outcome, 1);
        TokensIn += attempt.TokensIn;
        TokensOut += attempt.TokensOut;
        if (attempt.Outcome == ModelOutcome.Ok)
        {
            Latency.Add(attempt.Latency);
        }
    }

    public void AddOutcome(ModelOutcome outcome, long count) => _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + count;

    public void AddFallback(string toProvider, long count) => _fallbacksTo[toProvider] = _fallbacksTo.GetValueOrDefault(toProvider) + count;

    public void AddTokens(long tokensIn, long tokensOut)
    {
        TokensIn += tokensIn;
        TokensOut += tokensOut;
    }

    public void Merge(UsageBucket other)
    {
        foreach (var (outcome, count) in other._outcomes)
        {
            AddOutcome(outcome, count);
        }
        foreach (var (to, count) in other._fallbacksTo)
        {
            AddFallback(to, count);
        }
        AddTokens(other.TokensIn, other.TokensOut);
        Latency.Merge(other.Latency);
    }
}
