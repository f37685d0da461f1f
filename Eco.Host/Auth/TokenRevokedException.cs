using Microsoft.IdentityModel.Tokens;

namespace Eco.Host.Auth;

/// <summary>A valid token that an admin revoked (by its id, or every token of its user).</summary>
internal sealed class TokenRevokedException() : SecurityTokenValidationException("the token has been revoked");
