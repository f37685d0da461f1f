namespace Eco.Streams.Usage;

/// <summary>How one attempt at one provider ended.</summary>
/// <param name="Provider">The provider's name in the chain, e.g. <c>openai</c>.</param>
/// <param name="Model">The model it was asked for.</param>
/// <param name="Outcome">How the attempt ended.</param>
/// <param name="Latency">From the attempt's start to its reply (for a stream: to its last piece); zero when it never left.</param>
/// <param name="TokensIn">Prompt tokens: the provider's count when it reports one, else characters / 2; zero when no reply came.</param>
/// <param name="TokensOut">Reply tokens: the provider's count when it reports one, else characters / 2.</param>
public sealed record ModelAttempt(string Provider, string Model, ModelOutcome Outcome, TimeSpan Latency, int TokensIn, int TokensOut);
