using Eco.Host.Hosting;
using Eco.Streams.Chat.Conversations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eco.Host.Api;

/// <summary>The conversations resource: the working context (recent turns, summary) and who is answering now.</summary>
internal static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/v1/conversations").WithTags("Conversations");
        conversations.MapGet("/{conversationId}", GetConversationAsync).WithName("GetConversation");
        return conversations;
    }

    public static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> GetConversationAsync(
        string conversationId, ConversationHub hub, CancellationToken cancellationToken)
    {
        if (!ConversationIds.TryGetStream(conversationId, out _, out var error))
        {
            return TypedResults.Problem(detail: error, statusCode: StatusCodes.Status400BadRequest);
        }
        var view = await hub.GetAsync(conversationId, cancellationToken);
        return view is null
            ? TypedResults.Problem(detail: $"no conversation with id '{conversationId}'", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(view);
    }
}
