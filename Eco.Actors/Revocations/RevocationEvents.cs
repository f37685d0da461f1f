using System.Text.Encodings.Web;
using System.Text.Json;
using Eco.Actors.Journal;

namespace Eco.Actors.Revocations;

/// <summary>The revocation events as the journal stores them: a type and a snake_case JSON payload, readable by SQL.</summary>
internal static class RevocationEvents
{
    /// <summary>Event types of the registry's stream; never renamed once shipped.</summary>
    public const string TokenRevokedType = "token.revoked", UserRevokedType = "user.revoked";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The event as journaled at <paramref name="at"/>.</summary>
    public static EventData ToData(IRevocationEvent e, DateTimeOffset at) => e switch
    {
        TokenRevoked token => new EventData(TokenRevokedType, at, null, JsonSerializer.Serialize(token, Json)),
        UserRevoked user => new EventData(UserRevokedType, at, null, JsonSerializer.Serialize(user, Json)),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "not a revocation event"),
    };

    /// <returns>The event, or null for a type this node does not know (written by a newer one): skipped, not fatal.</returns>
    public static IRevocationEvent? FromData(EventData e) => e.Type switch
    {
        TokenRevokedType => Read<TokenRevoked>(e.DataJson),
        UserRevokedType => Read<UserRevoked>(e.DataJson),
        _ => null,
    };

    private static T Read<T>(string? json) =>
        JsonSerializer.Deserialize<T>(json ?? "null", Json) ?? throw new JsonException($"a revocation event without data ({typeof(T).Name})");
}
