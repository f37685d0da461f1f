using Microsoft.IdentityModel.Tokens;

namespace Eco.Host.Auth;

/// <summary>Why a token was refused, in Eco's words (the reason a client sees in the 401 and in a WebSocket refusal).</summary>
internal static class AuthFailures
{
    public const string Missing = "this needs a bearer token: send 'Authorization: Bearer <token>' (eco token prints one)";

    public static string Describe(Exception? failure) => failure switch
    {
        null => Missing,
        TokenRevokedException => "the token has been revoked",
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet (nbf is in the future)",
        SecurityTokenNoExpirationException => "the token has no expiry (exp); Eco accepts only tokens that expire",
        SecurityTokenInvalidIssuerException => "the token's issuer (iss) is not one this node trusts",
        SecurityTokenInvalidAudienceException => "the token's audience (aud) is not this service",
        SecurityTokenInvalidAlgorithmException => "the token's signing algorithm is not accepted here",
        SecurityTokenSignatureKeyNotFoundException => "the token's signature was made with a key this node does not know",
        SecurityTokenInvalidSignatureException => "the token's signature does not verify",
        SecurityTokenMalformedException or ArgumentException => "the token is not a well-formed JWT",
        SecurityTokenInvalidLifetimeException => "the token's lifetime is not valid",
        _ => "the token is not valid",
    };
}
