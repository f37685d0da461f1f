namespace Eco.Host.Usage;

/// <summary>What usage is counted per: a provider of the chain and the model it was asked for.</summary>
internal readonly record struct UsageKey(string Provider, string Model);
