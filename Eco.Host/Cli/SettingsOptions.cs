using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Eco.Host.Cli;

/// <summary>The provider settings <c>eco providers add|update</c> take as options, read into the registry's JSON shape (only the
/// options given, so an update changes only those).</summary>
internal sealed class SettingsOptions
{
    private readonly Option<string?> _kind = new("--kind") { Description = "openai (any OpenAI-compatible endpoint: OpenAI, Azure OpenAI, vLLM, Triton) or local." };
    private readonly Option<string?> _baseUrl = new("--base-url") { Description = "Base URL including /v1, e.g. http://vllm:8000/v1." };
    private readonly Option<string?> _model = new("--model") { Description = "Model name the endpoint serves." };
    private readonly Option<string?> _apiKeyEnv = new("--api-key-env") { Description = "Name of the environment variable that holds the API key on every node (the key itself is never sent or stored)." };
    private readonly Option<int?> _rpm = new("--rpm") { Description = "Requests per minute." };
    private readonly Option<int?> _tpm = new("--tpm") { Description = "Tokens per minute (estimated prompt + output cap)." };
    private readonly Option<int?> _concurrency = new("--concurrency") { Description = "Calls in flight at once." };
    private readonly Option<int?> _retries = new("--retries") { Description = "Retries after a failed attempt." };
    private readonly Option<string?> _attemptTimeout = new("--attempt-timeout") { Description = "Timeout of one attempt, e.g. 30s." };
    private readonly Option<string?> _readyTimeout = new("--ready-timeout") { Description = "How long a new provider may take to answer its first probe (a model still loading), e.g. 5m." };
    private readonly Option<string?> _settings = new("--settings") { Description = "More settings as a JSON object (or @file.json), in the shape `eco providers show` prints; the options above win." };
    private string? _kindDefault;

    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="kindDefault"/> is the kind when none is given (add).</summary>
    public void AddTo(Command command, string? kindDefault)
    {
        _kindDefault = kindDefault;
        foreach (var option in new Option[] { _kind, _baseUrl, _model, _apiKeyEnv, _rpm, _tpm, _concurrency, _retries, _attemptTimeout, _readyTimeout, _settings })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings given, or null after printing why they cannot be read.</summary>
    public JsonObject? Read(ParseResult parse, bool includeKind)
    {
        JsonObject body;
        try
        {
            body = parse.GetValue(_settings) is { } extra ? Json(extra) : [];
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidOperationException)
        {
            Console.Error.WriteLine($"eco: --settings: {ex.Message}");
            return null;
        }
        Set(body, "kind", parse.GetValue(_kind) ?? (includeKind && !body.ContainsKey("kind") ? _kindDefault : null));
        Set(body, "base_url", parse.GetValue(_baseUrl));
        Set(body, "model", parse.GetValue(_model));
        Set(body, "api_key_ref", parse.GetValue(_apiKeyEnv) is { } env ? $"env:{env}" : null);
        var limits = body["limits"] as JsonObject ?? [];
        Set(limits, "requests_per_minute", parse.GetValue(_rpm));
        Set(limits, "tokens_per_minute", parse.GetValue(_tpm));
        Set(limits, "max_concurrency", parse.GetValue(_concurrency));
        Set(limits, "max_retries", parse.GetValue(_retries));
        foreach (var (option, target, field) in new[] { (_attemptTimeout, limits, "attempt_timeout"), (_readyTimeout, body, "ready_timeout") })
        {
            if (parse.GetValue(option) is not { } text)
            {
                continue;
            }
            if (!Durations.TryParse(text, out var duration))
            {
                Console.Error.WriteLine($"eco: {option.Name} '{text}' is not a duration; write a number and a unit ({Durations.Units}), e.g. 30s or 5m, or 00:05:00");
                return null;
            }
            target[field] = duration.ToString("c", CultureInfo.InvariantCulture);
        }
        if (limits.Count > 0)
        {
            body["limits"] = limits;
        }
        return body;
    }

    private static JsonObject Json(string text) =>
        JsonNode.Parse(text.StartsWith('@') ? File.ReadAllText(text[1..]) : text) as JsonObject
            ?? throw new InvalidOperationException("must be a JSON object");

    private static void Set<T>(JsonObject target, string field, T? value)
    {
        if (value is not null)
        {
            target[field] = JsonValue.Create(value);
        }
    }
}
