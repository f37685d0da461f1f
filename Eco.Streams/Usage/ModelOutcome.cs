namespace Eco.Streams.Usage;

/// <summary>How a model attempt ended. Stored by name (snake_case): never rename a member, add one.</summary>
public enum ModelOutcome
{
    /// <summary>The provider answered what was asked.</summary>
    Ok,

    /// <summary>HTTP 429.</summary>
    RateLimited,

    /// <summary>HTTP 5xx.</summary>
    ServerError,

    /// <summary>No answer in time: the attempt's or the call's timeout, or the SDK's network timeout.</summary>
    Timeout,

    /// <summary>A stream that failed after it started, broke off (I/O, malformed chunk), or ended without any text.</summary>
    BrokenStream,

    /// <summary>An answer that was not what was asked: empty, prose where JSON was asked, JSON of another shape.</summary>
    BadReply,

    /// <summary>The provider's breaker was open: the call never left.</summary>
    CircuitOpen,

    /// <summary>The provider's lane queue stayed full: the call never left.</summary>
    Refused,

    /// <summary>The caller gave up (or stopped reading a stream) before the attempt ended.</summary>
    Cancelled,

    /// <summary>Any other failure (connection refused, HTTP 4xx other than 429, …).</summary>
    Other,
}
