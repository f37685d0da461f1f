using System.Security.Claims;
using Eco.Agents.Characters;
using Eco.Host.Auth;
using Eco.Host.Limits;
using Eco.Streams.Scan;

namespace Eco.Host.Api;

/// <summary>The caller's character collection: the characters their scans made friends with (<c>GET /v1/me/characters</c>).</summary>
internal static class CharactersApi
{
    public static RouteHandlerBuilder MapCharactersApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/me/characters", GetAsync).WithTags("Characters").WithName("MyCharacters")
            .RequireAuthorization().RequireRateLimiting(UserRateLimiting.PerUserPolicy);

    public static async Task<CharactersResponse> GetAsync(
        ClaimsPrincipal user, CharacterOwnership ownership, CharacterCatalog catalog, CancellationToken cancellationToken)
    {
        var owned = await ownership.OwnedAsync(user.UserId(), catalog.All.Select(c => c.Name), cancellationToken);
        return new CharactersResponse([.. owned.Select(c => new CharacterView(c.Name, c.GrantedAt, c.JobId))], catalog.All.Count);
    }
}
