using System.Globalization;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Eco.Actors.Revocations;
using Eco.Host.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eco.Host.Api;

/// <summary>The revocation list for operators (what <c>eco users|tokens revoke</c> and <c>eco revocations list</c> call). Every
/// revocation goes through the registry's one actor and is journaled before it is answered: a 2xx means it is durable, and this
/// node refuses the token from that moment; the others within a second.</summary>
internal static class RevocationsApi
{
    private const int MaxBodyBytes = 16 * 1024;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static void MapRevocationsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/revocations", ListAsync).WithName("ListRevocations");
        admin.MapPost("/revocations/tokens", RevokeTokenAsync).WithName("RevokeToken");
        admin.MapPost("/revocations/users/{user}", RevokeUserAsync).WithName("RevokeUser");
    }

    internal sealed record TokenView(
        [property: JsonPropertyName("jti")] string Jti,
        [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt,
        [property: JsonPropertyName("revoked_at")] DateTimeOffset RevokedAt,
        [property: JsonPropertyName("reason")] string? Reason);

    internal sealed record UserView(
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("revoked_at")] DateTimeOffset RevokedAt,
        [property: JsonPropertyName("reason")] string? Reason);

    /// <summary>A token revocation: <c>recorded</c> is false when the token was revoked (until then or later) already.</summary>
    internal sealed record TokenRevocationResponse(
        [property: JsonPropertyName("revision")] long Revision,
        [property: JsonPropertyName("recorded")] bool Recorded,
        [property: JsonPropertyName("token")] TokenView Token);

    internal sealed record UserRevocationResponse(
        [property: JsonPropertyName("revision")] long Revision,
        [property: JsonPropertyName("recorded")] bool Recorded,
        [property: JsonPropertyName("user")] UserView User);

    internal sealed record RevocationsResponse(
        [property: JsonPropertyName("revision")] long Revision,
        [property: JsonPropertyName("node_revision")] long NodeRevision,
        [property: JsonPropertyName("tokens")] IReadOnlyList<TokenView> Tokens,
        [property: JsonPropertyName("users")] IReadOnlyList<UserView> Users);

    /// <summary>Every revoked user and every revoked token not expired yet, newest first, from the registry.</summary>
    public static async Task<Results<Ok<RevocationsResponse>, ProblemHttpResult>> ListAsync(IRequiredActor<RevocationRegistryProxy> registry,
        RevocationList list, TimeProvider time, CancellationToken cancellationToken)
    {
        var (answer, unavailable) = await AskAsync<RevocationState>(registry, GetRevocations.Always, cancellationToken);
        if (unavailable is not null)
        {
            return unavailable;
        }
        var state = answer!.Prune(time.GetUtcNow());
        return TypedResults.Ok(new RevocationsResponse(state.Revision, list.State.Revision,
            [.. state.Tokens.OrderByDescending(t => t.RevokedAt).Select(View)], [.. state.Users.OrderByDescending(u => u.RevokedAt).Select(View)]));
    }

    /// <summary>Revokes one token until <c>expires_at</c> (its <c>exp</c>; default in <see cref="RevocationOptions.DefaultTokenLifetime"/>,
    /// capped at <see cref="RevocationOptions.MaxTokenLifetime"/>): 201 when recorded, 200 when it was revoked already.</summary>
    public static async Task<Results<Created<TokenRevocationResponse>, Ok<TokenRevocationResponse>, ProblemHttpResult>> RevokeTokenAsync(HttpRequest request,
        IRequiredActor<RevocationRegistryProxy> registry, RevocationList list, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (!JsonObjectBody.TryGetText(body!, "jti", out var jti, out problem) || !JsonObjectBody.TryGetText(body!, "expires_at", out var expires, out problem)
            || !JsonObjectBody.TryGetText(body!, "reason", out var reason, out problem))
        {
            return problem!;
        }
        if (jti is null)
        {
            return Problem("'jti' is required: the id of the token to revoke (its jti claim), e.g. {\"jti\":\"5f0c…\",\"expires_at\":\"2026-01-31T12:00:00Z\"}");
        }
        DateTimeOffset? expiresAt = null;
        if (expires is not null)
        {
            if (!DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Problem($"'expires_at' is not a time: give the token's expiry in ISO 8601, e.g. 2026-01-31T12:00:00Z (it was \"{Shorten(expires)}\")");
            }
            expiresAt = parsed;
        }
        var (result, unavailable) = await AskAsync<RevocationResult>(registry, new RevokeToken(jti, expiresAt, reason), cancellationToken);
        if (unavailable is not null)
        {
            return unavailable;
        }
        if (result!.Refusal is not null)
        {
            return Problem(result.Refusal);
        }
        list.Apply(result.State); // this node refuses the token before the answer leaves; the others follow the registry's publish
        var response = new TokenRevocationResponse(result.State.Revision, result.Recorded, result.State.TryGetToken(jti, out var token)
            ? View(token)
            : throw new InvalidOperationException($"the registry answered without token '{jti}'"));
        return result.Recorded ? TypedResults.Created("/admin/revocations", response) : TypedResults.Ok(response);
    }

    /// <summary>Revokes every token of a user issued until now (tokens issued later work): 201 when recorded.</summary>
    public static async Task<Results<Created<UserRevocationResponse>, Ok<UserRevocationResponse>, ProblemHttpResult>> RevokeUserAsync(string user,
        HttpRequest request, IRequiredActor<RevocationRegistryProxy> registry, RevocationList list, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonObjectBody.ReadOptionalAsync(request, MaxBodyBytes, cancellationToken); // the body (a reason) is optional
        if (problem is not null || !JsonObjectBody.TryGetText(body!, "reason", out var reason, out problem))
        {
            return problem!;
        }
        var (result, unavailable) = await AskAsync<RevocationResult>(registry, new RevokeUser(user, reason), cancellationToken);
        if (unavailable is not null)
        {
            return unavailable;
        }
        if (result!.Refusal is not null)
        {
            return Problem(result.Refusal);
        }
        list.Apply(result.State);
        var response = new UserRevocationResponse(result.State.Revision, result.Recorded, result.State.TryGetUser(user, out var revoked)
            ? View(revoked)
            : throw new InvalidOperationException($"the registry answered without user '{user}'"));
        return result.Recorded ? TypedResults.Created("/admin/revocations", response) : TypedResults.Ok(response);
    }

    private static async Task<(T? Answer, ProblemHttpResult? Unavailable)> AskAsync<T>(IRequiredActor<RevocationRegistryProxy> registry, object message,
        CancellationToken cancellationToken)
    {
        try
        {
            return (await registry.ActorRef.Ask<T>(message, AskTimeout, cancellationToken), null);
        }
        catch (AskTimeoutException)
        {
            // A revocation sent may still be journaled: saying so lets the operator repeat it, which is safe.
            return (default, TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail:
                $"the revocation registry did not answer within {AskTimeout.TotalSeconds:0} s (it may be moving to another node); try again: repeating a revocation is safe"));
        }
    }

    private static TokenView View(TokenRevoked token) => new(token.Jti, token.ExpiresAt, token.RevokedAt, token.Reason);

    private static UserView View(UserRevoked user) => new(user.Subject, user.RevokedAt, user.Reason);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static ProblemHttpResult Problem(string detail) => TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
