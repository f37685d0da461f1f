using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Net.Http.Headers;

namespace Eco.Host.Auth;

/// <summary>Where Eco's bearer handling differs from the handler's defaults: a token in the query string for the streams browsers
/// open, revoked tokens refused, and refusals that say why in a problem body as well as in <c>WWW-Authenticate</c>.</summary>
internal sealed class BearerEvents(AuthOptions options) : JwtBearerEvents
{
    /// <summary>The query parameter a browser's WebSocket (which cannot send headers) carries its token in.</summary>
    public const string QueryParameter = "access_token";

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(request.Headers.Authorization) && HttpMethods.IsGet(request.Method)
            && request.Query.TryGetValue(QueryParameter, out var token) && token.Count == 1)
        {
            context.Token = token[0];
        }
        return Task.CompletedTask;
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var request = context.Request;
        var presented = !string.IsNullOrEmpty(request.Headers.Authorization) || request.Query.ContainsKey(QueryParameter);
        var reason = context.AuthenticateFailure is { } failure ? AuthFailures.Describe(failure)
            : presented ? "the Authorization header must be 'Bearer <token>'" : AuthFailures.Missing;
        var response = context.Response;
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
