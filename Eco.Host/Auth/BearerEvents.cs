using Eco.Actors.Revocations;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Net.Http.Headers;

namespace Eco.Host.Auth;

/// <summary>Where Eco's bearer handling differs from the handler's defaults: a token in the query string for the streams browsers
/// open, revoked tokens refused, and refusals that say why in a problem body as well as in <c>WWW-Authenticate</c>.</summary>
internal sealed class BearerEvents(AuthOptions options, ValidatedTokens? validated) : JwtBearerEvents
{
    /// <summary>The query parameter a browser's WebSocket (which cannot send headers) carries its token in.</summary>
    public const string QueryParameter = "access_token";

    /// <summary>How long a request waits for the revocation list of a node that is still starting.</summary>
    private static readonly TimeSpan RevocationsWait = TimeSpan.FromSeconds(5);

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var watch = services.GetRequiredService<RevocationWatch>();
        if (!watch.Loaded.IsCompleted)
        {
            try
            {
                await watch.Loaded.WaitAsync(RevocationsWait, context.HttpContext.RequestAborted);
            }
            catch (TimeoutException)
            {
                context.Fail(new RevocationsUnavailableException()); // not knowing what is revoked, let no token through
                return;
            }
        }
        var principal = context.Principal!;
        if (principal.IsRevokedBy(services.GetRequiredService<RevocationList>()))
        {
            context.Fail(new TokenRevokedException());
            return;
        }
        if (validated is not null && context.SecurityToken is Microsoft.IdentityModel.JsonWebTokens.JsonWebToken token)
        {
            validated.Add(token.EncodedToken, principal, new DateTimeOffset(token.ValidTo, TimeSpan.Zero), TimeProvider.System.GetUtcNow());
        }
    }

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(request.Headers.Authorization) && HttpMethods.IsGet(request.Method)
            && request.Query.TryGetValue(QueryParameter, out var query) && query.Count == 1)
        {
            context.Token = query[0];
        }
        // A token checked a moment ago passes without being parsed and verified again; revocation is checked all the same.
        var token = context.Token ?? BearerToken(request.Headers.Authorization.ToString());
        if (validated is not null && token is not null && validated.TryGet(token, out var principal))
        {
            if (principal!.IsRevokedBy(context.HttpContext.RequestServices.GetRequiredService<RevocationList>()))
            {
                context.Fail(new TokenRevokedException());
            }
            else
            {
                context.Principal = principal;
                context.Success();
            }
        }
        return Task.CompletedTask;
    }

    private static string? BearerToken(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var request = context.Request;
        var presented = !string.IsNullOrEmpty(request.Headers.Authorization) || request.Query.ContainsKey(QueryParameter);
        var reason = context.AuthenticateFailure is { } failure ? AuthFailures.Describe(failure)
            : presented ? "the Authorization header must be 'Bearer <token>'" : AuthFailures.Missing;
        var response = context.Response;
        if (context.AuthenticateFailure is RevocationsUnavailableException unavailable)
        {
            response.Headers.RetryAfter = "1";
            await Results.Problem(detail: unavailable.Message, statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context.HttpContext);
            return;
        }
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers[HeaderNames.WWWAuthenticate] = presented
            ? $"Bearer realm=\"eco\", error=\"invalid_token\", error_description=\"{reason.Replace('"', '\'')}\""
            : "Bearer realm=\"eco\"";
        await Results.Problem(detail: reason, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context.HttpContext);
    }

    public override async Task Forbidden(ForbiddenContext context) =>
        await Results.Problem(detail: $"this needs an admin's token (role '{options.AdminRole}' or scope '{options.AdminScope}')",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context.HttpContext);
}
