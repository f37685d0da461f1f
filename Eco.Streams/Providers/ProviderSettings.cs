using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Eco.Streams.Resilience;

namespace Eco.Streams.Providers;

/// <summary>One version of a provider's settings, as the registry keeps it: everything but the API key itself.</summary>
/// <remarks>The key is named, never stored: <see cref="ApiKeyRef"/> points at an environment variable (<c>env:NAME</c>) or a
/// configuration key (<c>config:Path</c>) that each node resolves when it builds the provider, so no version, event or reply
/// ever holds a secret.</remarks>
public sealed record ProviderSettings
{
    /// <summary>Names whose settings may not be registered: they are literal routes beside <c>/admin/providers/{name}</c>.</summary>
    private static readonly string[] Reserved = ["stats", "chain"];

    /// <summary>The JSON shape of settings: snake_case, and a field we do not know is an error, not silently dropped.</summary>
    public static JsonSerializerOptions Json { get; } = new(StreamsJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary><c>openai</c> (any OpenAI-compatible endpoint: OpenAI, Azure OpenAI, vLLM, Triton's OpenAI front end) or
    /// <c>local</c> (the offline model).</summary>
    public string Kind { get; init; } = "openai";

    /// <summary>Base URL including <c>/v1</c> (openai kind).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Model name (openai kind).</summary>
    public string? Model { get; init; }

    /// <summary>Where the API key lives: <c>env:NAME</c> or <c>config:Section:Key</c>; null for endpoints without a key.</summary>
    public string? ApiKeyRef { get; init; }

    /// <summary>Socket-level timeout of one HTTP attempt. Default 60 s.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Speak HTTP/2 only (see the OpenAI provider options).</summary>
    public bool Http2 { get; init; }

    /// <summary>How long a newly registered provider may take to pass its first probe (a self-hosted model still loading) before
    /// it is marked <see cref="ProviderState.Error"/>. Default 2 minutes.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Rate, token, concurrency and resilience limits.</summary>
    public ProviderLimitsOptions Limits { get; init; } = new();

    /// <summary>Reads settings from JSON; a field we do not know, a wrong type or a clear API key is an error in our words.</summary>
    public static ProviderSettings Parse(JsonNode? json)
    {
        if (json is not JsonObject obj)
        {
            throw new ProviderSettingsException("settings must be a JSON object");
        }
        RefuseClearKeys(obj);
        try
        {
            return obj.Deserialize<ProviderSettings>(Json) ?? throw new ProviderSettingsException("settings must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw new ProviderSettingsException(ex.Path is { Length: > 1 } path
                ? $"settings field '{path.TrimStart('$', '.')}' is not valid: {FirstSentence(ex.Message)}"
                : $"settings are not valid JSON: {FirstSentence(ex.Message)}");
        }
    }

    /// <summary>These settings with <paramref name="patch"/> merged in (JSON Merge Patch, RFC 7396: a null removes a field, so it
    /// takes its default).</summary>
    public ProviderSettings With(JsonObject patch)
    {
        var merged = JsonSerializer.SerializeToNode(this, Json)!.AsObject();
        Merge(merged, patch);
        return Parse(merged);
    }

    /// <summary>The settings as a JSON object.</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Json)!.AsObject();

    /// <summary>What is wrong with these settings for a provider named <paramref name="name"/>; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems(string name)
    {
        var problems = new List<string>();
        if (!IsValidName(name))
        {
            problems.Add($"provider name '{name}' must be 1–63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, and not '{string.Join("' or '", Reserved)}'");
        }
        if (Kind is not ("openai" or "local"))
        {
            problems.Add($"kind must be 'openai' or 'local', not '{Kind}'");
        }
        if (Kind == "openai")
        {
            if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                problems.Add($"base_url '{BaseUrl}' is not an absolute http(s) URL");
            }
            if (string.IsNullOrWhiteSpace(Model))
            {
                problems.Add("model is required for an openai provider");
            }
        }
        if (ApiKeyRef is { } reference && !ApiKeyReference.IsValid(reference))
        {
            problems.Add($"api_key_ref '{reference}' must be env:NAME (an environment variable) or config:Section:Key");
        }
        if (NetworkTimeout <= TimeSpan.Zero || ReadyTimeout <= TimeSpan.Zero)
        {
            problems.Add("network_timeout and ready_timeout must be positive");
        }
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(Limits, new ValidationContext(Limits), results, validateAllProperties: true))
        {
            problems.AddRange(results.Select(r => $"limits: {r.ErrorMessage}"));
        }
        if (Limits.AttemptTimeout <= TimeSpan.Zero || Limits.TotalTimeout <= TimeSpan.Zero || Limits.QueueWait < TimeSpan.Zero)
        {
            problems.Add("limits: attempt_timeout and total_timeout must be positive, queue_wait not negative");
        }
        return problems;
    }

    /// <summary>True for a name the registry accepts.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and < 64 && IsLowerOrDigit(name[0]) &&
        name.All(c => IsLowerOrDigit(c) || c is '.' or '_' or '-') && !Reserved.Contains(name);

    private static bool IsLowerOrDigit(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static void RefuseClearKeys(JsonObject obj)
    {
        foreach (var field in new[] { "api_key", "apiKey", "ApiKey", "key" })
        {
            if (obj.ContainsKey(field))
            {
                throw new ProviderSettingsException(
                    $"'{field}' is refused: the registry never stores an API key; give api_key_ref as env:NAME (an environment variable every node has) or config:Section:Key");
            }
        }
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
        RefuseClearKeys(patch);
    }

    private static string FirstSentence(string message) => message.Split(". Path:")[0].Split(" Path:")[0];
}
