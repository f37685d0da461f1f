using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Eco.FakeLlm;

/// <summary>The default brain: a minimal valid instance for a JSON schema response format, otherwise a short Korean sentence echoing the last user message.</summary>
public sealed class DefaultFakeBrain : IFakeBrain
{
    /// <summary>The string written for schema strings without a format.</summary>
    public const string SampleString = "예시 답변";

    private const int EchoLength = 24;
    private const int MaxDepth = 32;

    /// <summary>A shared instance (the brain is stateless and thread-safe).</summary>
    public static DefaultFakeBrain Instance { get; } = new();

    /// <inheritdoc />
    public string Respond(FakeChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ResponseFormatSchema is { } schema) return CreateInstance(schema);
        var sentence = Sentence(request.LastUserMessage);
        return request.ResponseFormatType == "json_object" ? JsonSerializer.Serialize(new { answer = sentence }) : sentence;
    }

    /// <summary>The Korean sentence answered to a plain-text request whose last user message is <paramref name="lastUserMessage"/>.</summary>
    public static string Sentence(string lastUserMessage)
    {
        var text = string.Join(' ', (lastUserMessage ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0) return "안녕하세요! 무엇을 도와드릴까요? 이것은 테스트용 가짜 응답입니다.";
        var info = new StringInfo(text);
        var echo = info.LengthInTextElements > EchoLength ? info.SubstringByTextElements(0, EchoLength) + "…" : text;
        return $"네, \"{echo}\"에 대해 답변드릴게요. 이것은 테스트용 가짜 응답입니다.";
    }

    /// <summary>Generates a minimal JSON instance valid against <paramref name="schema"/> (objects with their required properties, first enum value, one array item, and so on).</summary>
    public static string CreateInstance(JsonElement schema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            new SchemaSampler(schema).Write(writer, schema, 0);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class SchemaSampler(JsonElement root)
    {
        public void Write(Utf8JsonWriter w, JsonElement schema, int depth)
        {
            if (depth > MaxDepth || schema.ValueKind == JsonValueKind.False)
            {
                w.WriteNullValue();
                return;
            }
            if (schema.ValueKind != JsonValueKind.Object)
            {
                w.WriteStringValue(SampleString); // true or garbage: anything goes
                return;
            }
            if (Get(schema, "$ref") is { ValueKind: JsonValueKind.String } reference)
            {
                Write(w, Resolve(reference.GetString()!), depth + 1);
                return;
            }
            if (schema.TryGetProperty("const", out var constant))
            {
                constant.WriteTo(w);
                return;
            }
            if (Get(schema, "enum") is { ValueKind: JsonValueKind.Array } values && values.GetArrayLength() > 0)
            {
                values[0].WriteTo(w);
                return;
            }
            if ((Get(schema, "anyOf") ?? Get(schema, "oneOf")) is { ValueKind: JsonValueKind.Array } alternatives && alternatives.GetArrayLength() > 0)
            {
                var pick = alternatives.EnumerateArray().Select(a => (Schema: a, Resolved: Deref(a)))
                    .FirstOrDefault(a => !IsNullOnly(a.Resolved)).Schema;
                if (pick.ValueKind == JsonValueKind.Undefined) w.WriteNullValue();
                else Write(w, pick, depth + 1);
                return;
            }
            if (Get(schema, "allOf") is { ValueKind: JsonValueKind.Array } all && all.GetArrayLength() > 0)
            {
                var parts = all.EnumerateArray().Select(Deref).Append(schema).Where(p => p.ValueKind == JsonValueKind.Object).ToList();
                if (parts.All(p => TypeOf(p) is null or "object")) WriteObject(w, parts, depth);
                else Write(w, all[0], depth + 1);
                return;
            }

            switch (TypeOf(schema))
            {
                case "null":
                    w.WriteNullValue();
                    break;
                case "object":
                    WriteObject(w, [schema], depth);
                    break;
                case "array":
                    WriteArray(w, schema, depth);
                    break;
                case "integer":
                    w.WriteNumberValue((long)Bounded(schema, 1, integer: true));
                    break;
                case "number":
                    w.WriteNumberValue(Bounded(schema, 0.5, integer: false));
                    break;
                case "boolean":
                    w.WriteBooleanValue(true);
                    break;
                default:
                    w.WriteStringValue(SampleText(schema));
                    break;
            }
        }

        private void WriteObject(Utf8JsonWriter w, IReadOnlyList<JsonElement> parts, int depth)
        {
            var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var required = new List<string>();
            foreach (var part in parts)
            {
                if (Get(part, "properties") is { ValueKind: JsonValueKind.Object } props)
                {
                    foreach (var p in props.EnumerateObject()) properties.TryAdd(p.Name, p.Value);
                }
                if (Get(part, "required") is { ValueKind: JsonValueKind.Array } names)
                {
                    foreach (var n in names.EnumerateArray())
                    {
                        if (n.ValueKind == JsonValueKind.String && !required.Contains(n.GetString()!)) required.Add(n.GetString()!);
                    }
                }
            }
            w.WriteStartObject();
            foreach (var name in required)
            {
                w.WritePropertyName(name);
                if (properties.TryGetValue(name, out var propertySchema)) Write(w, propertySchema, depth + 1);
                else w.WriteStringValue(SampleString);
            }
            w.WriteEndObject();
        }

        private void WriteArray(Utf8JsonWriter w, JsonElement schema, int depth)
        {
            var count = Math.Max(1, Int(schema, "minItems") ?? 0);
            if (Int(schema, "maxItems") is { } max) count = Math.Min(count, max);
            var prefix = Get(schema, "prefixItems") is { ValueKind: JsonValueKind.Array } p ? p.EnumerateArray().ToList() : [];
            var items = Get(schema, "items");
            if (items is { ValueKind: JsonValueKind.Array } tuple) // draft-04 tuple form
            {
                prefix = tuple.EnumerateArray().ToList();
                items = Get(schema, "additionalItems");
            }
            count = Math.Max(count, prefix.Count); // a whole tuple is what callers expect
            if (items is { ValueKind: JsonValueKind.False }) count = Math.Min(count, prefix.Count);
            if (Int(schema, "maxItems") is { } limit) count = Math.Min(count, limit);

            w.WriteStartArray();
            for (var i = 0; i < count; i++)
            {
                if (i < prefix.Count) Write(w, prefix[i], depth + 1);
                else if (items is { } itemSchema) Write(w, itemSchema, depth + 1);
                else w.WriteStringValue(SampleString);
            }
            w.WriteEndArray();
        }

        private static string SampleText(JsonElement schema)
        {
            var text = (Get(schema, "format") is { ValueKind: JsonValueKind.String } f ? f.GetString() : null) switch
            {
                "date-time" => "2025-01-01T00:00:00Z",
                "date" => "2025-01-01",
                "time" => "00:00:00Z",
                "email" => "test@example.com",
                "uri" or "url" or "uri-reference" or "iri" => "https://example.com/",
                "uuid" => "00000000-0000-4000-8000-000000000000",
                "ipv4" => "127.0.0.1",
                "ipv6" => "::1",
                "hostname" => "example.com",
                "duration" => "PT1S",
                _ => SampleString,
            };
            if (Int(schema, "minLength") is { } min && text.Length < min) text = text.PadRight(min, '가');
            if (Int(schema, "maxLength") is { } max && text.Length > max) text = text[..Math.Max(0, max)];
            return text;
        }

        private static double Bounded(JsonElement schema, double value, bool integer)
        {
            double? min = Number(schema, "minimum"), max = Number(schema, "maximum");
            double? exMin = Number(schema, "exclusiveMinimum"), exMax = Number(schema, "exclusiveMaximum");
            // draft-04 boolean exclusive flags
            if (Get(schema, "exclusiveMinimum") is { ValueKind: JsonValueKind.True }) (exMin, min) = (min, null);
            if (Get(schema, "exclusiveMaximum") is { ValueKind: JsonValueKind.True }) (exMax, max) = (max, null);

            double lo = double.NegativeInfinity, hi = double.PositiveInfinity;
            if (min is { } a) lo = a;
            if (exMin is { } b) lo = Math.Max(lo, integer ? Math.Floor(b) + 1 : b + (max is null && exMax is null ? 1 : 0));
            if (max is { } c) hi = c;
            if (exMax is { } d) hi = Math.Min(hi, integer ? Math.Ceiling(d) - 1 : d - (min is null && exMin is null ? 1 : 0));
            if (integer)
            {
                lo = Math.Ceiling(lo);
                hi = Math.Floor(hi);
            }
            if (value < lo) value = lo;
            if (value > hi) value = hi;
            if (!integer && exMin is { } e && value <= e) value = double.IsInfinity(hi) ? e + 1 : (e + hi) / 2;
            if (!integer && exMax is { } g && value >= g) value = double.IsInfinity(lo) ? g - 1 : (lo + g) / 2;
            return value;
        }

        private static string? TypeOf(JsonElement schema)
        {
            var type = Get(schema, "type");
            if (type is { ValueKind: JsonValueKind.String } single) return single.GetString();
            if (type is { ValueKind: JsonValueKind.Array } many)
            {
                var names = many.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()).ToList();
                return names.FirstOrDefault(n => n != "null") ?? (names.Count > 0 ? "null" : null);
            }
            if (Get(schema, "properties") is not null || Get(schema, "required") is not null || Get(schema, "additionalProperties") is not null) return "object";
            if (Get(schema, "items") is not null || Get(schema, "prefixItems") is not null) return "array";
            return null;
        }

        private bool IsNullOnly(JsonElement schema) =>
            schema.ValueKind == JsonValueKind.Object && TypeOf(schema) == "null" && Get(schema, "anyOf") is null && Get(schema, "oneOf") is null;

        private JsonElement Deref(JsonElement schema)
        {
            for (var i = 0; i < MaxDepth && Get(schema, "$ref") is { ValueKind: JsonValueKind.String } reference; i++)
            {
                schema = Resolve(reference.GetString()!);
            }
            return schema;
        }

        private JsonElement Resolve(string reference)
        {
            if (!reference.StartsWith('#')) return default; // remote references are not supported: treated as "anything"
            var node = root;
            foreach (var raw in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var child)) node = child;
                else if (node.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < node.GetArrayLength()) node = node[index];
                else return default;
            }
            return node;
        }

        private static JsonElement? Get(JsonElement schema, string name) =>
            schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(name, out var value) ? value : null;

        private static int? Int(JsonElement schema, string name) =>
            Get(schema, name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var i) ? i : null;

        private static double? Number(JsonElement schema, string name) =>
            Get(schema, name) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : null;
    }
}
