using System.ComponentModel.DataAnnotations;
using Eco.Streams.Llm.OpenAi;
using Eco.Streams.Providers;
using Eco.Streams.Resilience;

namespace Eco.Host.Hosting;

/// <summary>Model providers and the order they are tried in, as configuration gives them: the provider registry registers the
/// providers it does not know yet, and takes the chain when it has none (after that, operators manage both with <c>eco providers</c>).</summary>
internal sealed class LlmOptions : IValidatableObject
{
    public const string SectionName = "Eco:Llm";

    /// <summary>Provider names, first choice first; the next one takes over when a provider fails or its breaker is open.
    /// Empty means the offline model alone.</summary>
    /// <remarks>No default items: the configuration binder appends to a pre-filled list instead of replacing it.</remarks>
    public List<string> Chain { get; set; } = [];

    /// <summary>The chain in force.</summary>
    public IReadOnlyList<string> EffectiveChain => Chain.Count > 0 ? Chain : ["local"];

    /// <summary>Providers by name.</summary>
    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["local"] = new ProviderOptions { Kind = "local" },
    };

    /// <summary>The chain with registry names (lowercase).</summary>
    public IReadOnlyList<string> ConfiguredChain => [.. EffectiveChain.Select(n => n.ToLowerInvariant())];

    /// <summary>The providers as registry settings. A key given in clear in configuration (a secret, an environment variable) is
    /// referenced by its configuration path, never copied into the registry.</summary>
    public IReadOnlyDictionary<string, ProviderSettings> ConfiguredProviders() => Providers.ToDictionary(p => p.Key.ToLowerInvariant(), p => new ProviderSettings
    {
        Kind = p.Value.Kind,
        BaseUrl = p.Value.Kind == "openai" ? p.Value.OpenAi.BaseUrl : null,
        Model = p.Value.Kind == "openai" ? p.Value.OpenAi.Model : null,
        ApiKeyRef = string.IsNullOrEmpty(p.Value.OpenAi.ApiKey) ? null : $"config:{SectionName}:Providers:{p.Key}:OpenAi:ApiKey",
        NetworkTimeout = p.Value.OpenAi.NetworkTimeout,
        Http2 = p.Value.OpenAi.Http2,
        Limits = p.Value.Limits,
    }, StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var name in EffectiveChain.Where(n => !Providers.ContainsKey(n)))
        {
            yield return new ValidationResult($"Eco:Llm:Chain names '{name}', which is not under Eco:Llm:Providers");
        }
        // The registry's rules, so configuration cannot seed it with a provider it would refuse through its API.
        foreach (var (name, settings) in ConfiguredProviders())
        {
            foreach (var problem in settings.Problems(name))
            {
                yield return new ValidationResult($"provider '{name}': {problem}");
            }
        }
    }

    internal sealed class ProviderOptions
    {
        public string Kind { get; set; } = "local";
        public OpenAiProviderOptions OpenAi { get; set; } = new();
        public ProviderLimitsOptions Limits { get; set; } = new();
    }
}
