using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Eco.Host.Api;

/// <summary>Says which field of a request body holds a value of the wrong kind and what it should hold, in a client's words
/// (the serializer's own message names .NET types, e.g. <c>System.Nullable`1[System.Double]</c>).</summary>
internal static class JsonFieldError
{
    /// <summary>Describes <paramref name="error"/>, thrown while binding <paramref name="body"/> to <typeparamref name="T"/>.</summary>
    public static string Describe<T>(JsonException error, JsonElement body)
    {
        // The serializer reports where it stopped as a JSON path ("$.location.latitude"); our field names need no bracket form.
        if (error.Path is not { Length: > 2 } path || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return "the body does not match the request's shape";
        }
        var field = path[2..];
        var type = typeof(T);
        var sent = body;
        foreach (var name in field.Split('.'))
        {
            var property = JsonSerializerOptions.Default.GetTypeInfo(type).Properties.FirstOrDefault(p => p.Name == name);
            if (property is null || sent.ValueKind != JsonValueKind.Object || !sent.TryGetProperty(name, out sent))
            {
                return $"'{field}' has a value of the wrong kind";
            }
            type = property.PropertyType;
        }
        return $"'{field}' must be {Expected(type)}, not {Sent(sent.ValueKind)}";
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "text (a JSON string)";
        }
        if (type == typeof(bool))
        {
            return "true or false";
        }
        if (type.IsPrimitive || type == typeof(decimal))
        {
            return "a number";
        }
        return JsonSerializerOptions.Default.GetTypeInfo(type).Kind == JsonTypeInfoKind.Enumerable ? "a list" : "an object";
    }

    private static string Sent(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
