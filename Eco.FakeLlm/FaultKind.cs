using System.Text.Json.Serialization;

namespace Eco.FakeLlm;

/// <summary>What the fake server does with one request: answer normally or inject one kind of fault.</summary>
[JsonConverter(typeof(FaultKindJsonConverter))]
public enum FaultKind
{
    /// <summary>Answer normally (script token <c>ok</c>).</summary>
    Ok = 0,

    /// <summary>HTTP 429 with <c>Retry-After</c> and <c>retry-after-ms</c> headers and an OpenAI-style error body (script token <c>429</c>).</summary>
    RateLimited,

    /// <summary>HTTP 500 with an OpenAI-style error body (script token <c>500</c>).</summary>
    ServerError,

    /// <summary>Accept the request but never send response headers until the client gives up (script token <c>timeout</c>).</summary>
    Timeout,

    /// <summary>Send a few chunks, then hang until the client gives up (script token <c>stall</c>).</summary>
    StallMidStream,

    /// <summary>Send a few chunks, then a <c>data:</c> line that is not valid JSON (script token <c>malformed</c>).</summary>
    MalformedChunk,

    /// <summary>Send a few chunks, then abort the connection (script token <c>broken</c>).</summary>
    BrokenStream,

    /// <summary>Answer in full, but stream at <see cref="FaultPlan.SlowStreamTokensPerSecond"/> (script token <c>slow</c>).</summary>
    SlowStream,

    /// <summary>HTTP 200 with an event stream whose only payload is an OpenAI-style <c>{"error": …}</c> object, as some
    /// OpenAI-compatible servers report a failure once streaming has begun (script token <c>error-stream</c>).</summary>
    ErrorInStream,

    /// <summary>HTTP 200, then the stream closes before its first chunk; a whole reply has empty content (script token <c>empty</c>).</summary>
    EmptyReply,

    /// <summary>Plain prose where JSON was asked for (script token <c>prose</c>).</summary>
    ProseReply,

    /// <summary>The JSON reply wrapped in a Markdown code fence (script token <c>fenced</c>).</summary>
    FencedJson,

    /// <summary>A JSON object that does not follow the requested schema (script token <c>mismatch</c>).</summary>
    SchemaMismatch,
}
