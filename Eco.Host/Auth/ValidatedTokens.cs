using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;

namespace Eco.Host.Auth;

/// <summary>Tokens this node has already checked, so a client that sends the same token again is not parsed and verified again
/// on every request (signature, lifetime, issuer, audience: the bulk of what authentication costs a request).</summary>
/// <remarks>
/// Keyed by the whole token, signature included, and kept no longer than the token's own expiry or <see cref="Lifetime"/>,
/// whichever comes first. Only for a shared key, which does not change while the node runs: an identity provider's keys can be
/// withdrawn, and a token signed with a withdrawn key must be refused at once. Revocation is checked on every request still.
/// </remarks>
internal sealed class ValidatedTokens : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private const int MaxTokens = 100_000;
    private readonly MemoryCache _tokens = new(new MemoryCacheOptions { SizeLimit = MaxTokens });

    public bool TryGet(string token, out ClaimsPrincipal? principal) => _tokens.TryGetValue(token, out principal);

    public void Add(string token, ClaimsPrincipal principal, DateTimeOffset expires, DateTimeOffset now)
    {
        var until = expires < now + Lifetime ? expires : now + Lifetime;
        if (until > now)
        {
            _tokens.Set(token, principal, new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        }
    }

    public void Dispose() => _tokens.Dispose();
}
