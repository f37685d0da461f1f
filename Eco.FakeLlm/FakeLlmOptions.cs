namespace Eco.FakeLlm;

/// <summary>Settings of a <see cref="FakeLlmServer"/>: where it listens, how slowly it answers and which faults it injects.</summary>
public sealed record FakeLlmOptions
{
    /// <summary>TCP port to listen on; 0 picks any free port.</summary>
    public int Port { get; init; }

    /// <summary>Address to listen on: an IP address, or <c>localhost</c>; defaults to the loopback <c>127.0.0.1</c>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Lower bound of the time to first token, drawn uniformly per request between this and <see cref="MaxLatency"/>.</summary>
    public TimeSpan MinLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Upper bound of the time to first token (use e.g. 10–20 s to mimic real models, a few ms in tests).</summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Tokens sent per second after the first one; 0 sends all tokens at once.</summary>
    public double TokensPerSecond { get; init; }

    /// <summary>Seed of the latency random generator; null uses a shared non-deterministic generator.</summary>
    public int? Seed { get; init; }

    /// <summary>Fault plan in force when the server starts; replace it at run time with <see cref="FakeLlmServer.SetFaults"/>.</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    /// <summary>Longest time a <see cref="FaultKind.Timeout"/> or <see cref="FaultKind.StallMidStream"/> request hangs before the server drops it, if the client has not given up first.</summary>
    public TimeSpan HangLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Serve HTTP/2 only (prior knowledge, no TLS), so a load run's thousands of calls share a few sockets.</summary>
    public bool Http2Only { get; init; }

    /// <summary>When set, every <c>/v1</c> request must carry <c>Authorization: Bearer {ApiKey}</c> or gets 401, as OpenAI answers.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Serve no <c>GET /v1/models</c> (404), as some gateways do: health probes must fall back to a one-token completion.</summary>
    public bool NoModelsList { get; init; }

    /// <summary>Throws when a value is out of range (negative latency, min above max, negative rate).</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0–65535.");
        if (MinLatency < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinLatency), MinLatency, "Latency cannot be negative.");
        if (MaxLatency < MinLatency) throw new ArgumentOutOfRangeException(nameof(MaxLatency), MaxLatency, "MaxLatency must be at least MinLatency.");
        if (TokensPerSecond < 0 || double.IsNaN(TokensPerSecond)) throw new ArgumentOutOfRangeException(nameof(TokensPerSecond), TokensPerSecond, "TokensPerSecond cannot be negative.");
        if (HangLimit <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HangLimit), HangLimit, "HangLimit must be positive.");
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        ArgumentNullException.ThrowIfNull(Faults);
        Faults.Validate();
    }
}
