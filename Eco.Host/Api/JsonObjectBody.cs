using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eco.Host.Api;

/// <summary>Reads an operator's request body as a JSON object, with a problem a person can act on when it is not one.</summary>
internal static class JsonObjectBody
{
    /// <summary>Reads the body: at most <paramref name="maxBytes"/>, and a JSON object.</summary>
    public static async Task<(JsonObject? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var limited = new LimitedReadStream(request.Body, maxBytes);
            return await JsonNode.ParseAsync(limited, cancellationToken: cancellationToken) is JsonObject body
                ? (body, null)
                : (null, Problem(StatusCodes.Status400BadRequest, "the body must be a JSON object"));
        }
        catch (LimitedReadStream.TooLargeException)
        {
            return (null, Problem(StatusCodes.Status413PayloadTooLarge, $"request body is larger than {maxBytes} bytes"));
        }
        catch (JsonException ex)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, $"malformed JSON: {ex.Message}"));
        }
    }

    /// <summary>Reads a body that may be left out (a reason, say): none is an empty object.</summary>
    public static Task<(JsonObject? Body, ProblemHttpResult? Problem)> ReadOptionalAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken) =>
        request.ContentType is not null || request.ContentLength is > 0
            ? ReadAsync(request, maxBytes, cancellationToken)
            : Task.FromResult<(JsonObject?, ProblemHttpResult?)>((new JsonObject(), null));

    /// <summary>The text of an optional string field: null when absent or null; a problem when it holds something else.</summary>
    public static bool TryGetText(JsonObject body, string field, out string? text, out ProblemHttpResult? problem)
    {
        text = null;
        problem = null;
        switch (body[field])
        {
            case null:
                return true;
            case JsonValue value when value.TryGetValue(out text):
                return true;
            default:
                problem = Problem(StatusCodes.Status400BadRequest, $"'{field}' must be text (a JSON string)");
                return false;
        }
    }

    private static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);
}
