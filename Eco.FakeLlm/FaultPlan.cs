namespace Eco.FakeLlm;

/// <summary>Which faults the fake server injects: a scripted queue consumed in order, then per-request probabilities, optionally only for some models.</summary>
public sealed record FaultPlan
{
    /// <summary>A plan that injects nothing.</summary>
    public static FaultPlan None { get; } = new();

    /// <summary>Outcomes for the next matching requests, consumed in order before any probability is rolled (e.g. 429, 429, ok).</summary>
    public IReadOnlyList<FaultKind> Script { get; init; } = [];

    /// <summary>Probability (0–1) that a matching request gets <see cref="FaultKind.RateLimited"/>.</summary>
    public double RateLimitProbability { get; init; }

    /// <summary>Probability (0–1) that a matching request gets <see cref="FaultKind.ServerError"/>.</summary>
    public double ServerErrorProbability { get; init; }

    /// <summary>Probability (0–1) that a matching request gets <see cref="FaultKind.Timeout"/>.</summary>
    public double TimeoutProbability { get; init; }

    /// <summary>Probability (0–1) that a matching request gets <see cref="FaultKind.StallMidStream"/>.</summary>
    public double StallProbability { get; init; }

    /// <summary>Probability (0–1) that a matching request gets <see cref="FaultKind.MalformedChunk"/>.</summary>
    public double MalformedChunkProbability { get; init; }

    /// <summary>Probability (0–1) that a matching request gets <see cref="FaultKind.BrokenStream"/>.</summary>
    public double BrokenStreamProbability { get; init; }

    /// <summary>Probability (0–1) that a matching request gets <see cref="FaultKind.SlowStream"/>.</summary>
    public double SlowStreamProbability { get; init; }

    /// <summary>Pace of a <see cref="FaultKind.SlowStream"/> answer, in tokens per second (default 5: a congested provider).</summary>
    public double SlowStreamTokensPerSecond { get; init; } = 5;

    /// <summary>Seed of the fault dice; null is non-deterministic.</summary>
    public int? Seed { get; init; }

    /// <summary>Models the plan applies to (case-insensitive; a trailing <c>*</c> matches a prefix); null or empty applies to every model.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Delay advertised by a 429 (sent as <c>Retry-After</c> in whole seconds, rounded up, and as <c>retry-after-ms</c>).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Content chunks sent before a mid-stream fault (stall, malformed chunk, broken stream) strikes.</summary>
    public int ChunksBeforeFault { get; init; } = 2;

    /// <summary>Creates a plan from a comma-separated script such as <c>"429,429,ok"</c>, optionally restricted to some models.</summary>
    public static FaultPlan FromScript(string script, params string[] models) =>
        new() { Script = ParseScript(script), Models = models.Length == 0 ? null : models };

    /// <summary>Parses a comma-separated script of outcomes (<c>ok</c>, <c>429</c>, <c>500</c>, <c>timeout</c>, <c>stall</c>, <c>malformed</c>,
    /// <c>broken</c>, <c>slow</c>, <c>error-stream</c>, <c>empty</c>, <c>prose</c>, <c>fenced</c>, <c>mismatch</c>, or enum names).</summary>
    public static IReadOnlyList<FaultKind> ParseScript(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return script.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ParseKind)
            .ToArray();
    }

    /// <summary>Parses one outcome token such as <c>429</c>, <c>stall</c> or <c>RateLimited</c>.</summary>
    public static FaultKind ParseKind(string token) => token.Trim().ToLowerInvariant() switch
    {
        "ok" or "200" or "none" => FaultKind.Ok,
        "429" or "ratelimited" or "rate-limit" or "rate_limit" or "ratelimit" => FaultKind.RateLimited,
        "500" or "servererror" or "server-error" or "server_error" => FaultKind.ServerError,
        "timeout" => FaultKind.Timeout,
        "stall" or "stallmidstream" => FaultKind.StallMidStream,
        "malformed" or "malformedchunk" => FaultKind.MalformedChunk,
        "broken" or "brokenstream" => FaultKind.BrokenStream,
        "slow" or "slowstream" => FaultKind.SlowStream,
        "error-stream" or "errorinstream" => FaultKind.ErrorInStream,
        "empty" or "emptyreply" => FaultKind.EmptyReply,
        "prose" or "prosereply" => FaultKind.ProseReply,
        "fenced" or "fencedjson" => FaultKind.FencedJson,
        "mismatch" or "schemamismatch" => FaultKind.SchemaMismatch,
        _ => throw new FormatException(
            $"Unknown fault '{token}'. Use ok, 429, 500, timeout, stall, malformed, broken, slow, error-stream, empty, prose, fenced or mismatch."),
    };

    /// <summary>The short label of an outcome, as used in scripts and statistics (ok, 429, 500, timeout, stall, malformed, broken, slow).</summary>
    public static string Label(FaultKind kind) => kind switch
    {
        FaultKind.Ok => "ok",
        FaultKind.RateLimited => "429",
        FaultKind.ServerError => "500",
        FaultKind.Timeout => "timeout",
        FaultKind.StallMidStream => "stall",
        FaultKind.MalformedChunk => "malformed",
        FaultKind.BrokenStream => "broken",
        FaultKind.SlowStream => "slow",
        FaultKind.ErrorInStream => "error-stream",
        FaultKind.EmptyReply => "empty",
        FaultKind.ProseReply => "prose",
        FaultKind.FencedJson => "fenced",
        FaultKind.SchemaMismatch => "mismatch",
        _ => kind.ToString(),
    };

    /// <summary>True when the plan applies to requests for <paramref name="model"/>.</summary>
    public bool AppliesTo(string? model)
    {
        if (Models is null || Models.Count == 0) return true;
        if (model is null) return false;
        foreach (var pattern in Models)
        {
            if (pattern.EndsWith('*')
                    ? model.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
                    : string.Equals(model, pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Throws when a probability is outside 0–1, the probabilities add up to more than 1, or another value is out of range.</summary>
    public void Validate()
    {
        double[] probabilities = [RateLimitProbability, ServerErrorProbability, TimeoutProbability, StallProbability, MalformedChunkProbability, BrokenStreamProbability, SlowStreamProbability];
        if (probabilities.Any(p => p is < 0 or > 1 || double.IsNaN(p))) throw new ArgumentOutOfRangeException(nameof(RateLimitProbability), "Every fault probability must be within 0–1.");
        if (probabilities.Sum() > 1.000001) throw new ArgumentOutOfRangeException(nameof(RateLimitProbability), "Fault probabilities add up to more than 1.");
        if (RetryAfter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryAfter), RetryAfter, "RetryAfter cannot be negative.");
        if (SlowStreamTokensPerSecond <= 0 || double.IsNaN(SlowStreamTokensPerSecond)) throw new ArgumentOutOfRangeException(nameof(SlowStreamTokensPerSecond), SlowStreamTokensPerSecond, "SlowStreamTokensPerSecond must be above 0.");
        if (ChunksBeforeFault < 0) throw new ArgumentOutOfRangeException(nameof(ChunksBeforeFault), ChunksBeforeFault, "ChunksBeforeFault cannot be negative.");
        ArgumentNullException.ThrowIfNull(Script);
    }

    internal bool HasProbabilities =>
        RateLimitProbability + ServerErrorProbability + TimeoutProbability + StallProbability + MalformedChunkProbability + BrokenStreamProbability + SlowStreamProbability > 0;

    internal FaultKind Roll(double dice)
    {
        var edge = 0.0;
        foreach (var (p, kind) in new[]
                 {
                     (RateLimitProbability, FaultKind.RateLimited), (ServerErrorProbability, FaultKind.ServerError),
                     (TimeoutProbability, FaultKind.Timeout), (StallProbability, FaultKind.StallMidStream),
                     (MalformedChunkProbability, FaultKind.MalformedChunk), (BrokenStreamProbability, FaultKind.BrokenStream),
                     (SlowStreamProbability, FaultKind.SlowStream),
                 })
        {
            edge += p;
            if (dice < edge) return kind;
        }
        return FaultKind.Ok;
    }
}
