namespace Eco.Tests.Support;

/// <summary>A span as a node exported it over OTLP: ids in lowercase hex (the parent empty for a root), its string attributes,
/// and the exporting node's <c>service.instance.id</c> (its node id) as <c>Node</c>.</summary>
public sealed record OtlpSpan(string Node, string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes);
