using System.Security.Claims;
using Eco.Host.Auth;
using Eco.Host.Hosting;
using Eco.Host.Limits;
using Eco.Streams.Chat.Conversations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eco.Host.Api;

/// <summary>The conversations resource: the working context (recent turns, summary) and who is answering now.</summary>
internal static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/v1/conversations").WithTags("Conversations").RequireAuthorization().RequireRateLimiting(UserRateLimiting.PerUserPolicy);
        conversations.MapGet("/{conversationId}", GetConversationAsync).WithName("GetConversation");
        return conversations;
    }

    public static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> GetConversationAsync(
        string conversationId, ClaimsPrincipal user, ConversationHub hub, Ownership ownership, CancellationToken cancellationToken)
    {
        if (!ConversationIds.TryGetStream(conversationId, out _, out var error))
        {
            return TypedResults.Problem(detail: error, statusCode: StatusCodes.Status400BadRequest);
        }
        var view = await ownership.CanSeeConversationAsync(conversationId, user, cancellationToken) ? await hub.GetAsync(conversationId, cancellationToken) : null;
        return view is null
            ? TypedResults.Problem(detail: $"no conversation with id '{conversationId}'", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(view);
    }
}
