using System.CommandLine;
using System.Text.Json;
using Eco.Host.Auth;
using Eco.Host.Hosting;

namespace Eco.Host.Cli;

/// <summary><c>eco token</c>: prints a token signed with the node's key (the one in its data directory, or the configured shared
/// secret), for curl, a browser page or a script.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var user = new Option<string?>("--user") { Description = "Whose token: its subject (sub). Default: your login name." };
        var admin = new Option<bool>("--admin") { Description = "An admin's token (role admin): /admin/* and every user's jobs." };
        var ttl = new Option<string>("--ttl") { Description = $"How long it is valid: 30m, 1h, 7d (units {Durations.Units}).", DefaultValueFactory = _ => "1h" };
        var dataDir = new Option<string?>("--data-dir") { Description = "The node's data directory, whose signing.key signs the token (default $ECO_DATA_DIR, then ./data)." };
        var config = new Option<string?>("--config") { Description = "The node's extra JSON configuration file, if it has one (for Eco:Auth)." };
        var json = new Option<bool>("--json") { Description = "Print the token with its id, subject and expiry as JSON." };
        var command = new Command("token", "Print a bearer token signed with a node's key (what `eco serve` made in its data directory on first start).")
        {
            user, admin, ttl, dataDir, config, json,
        };
        command.SetAction(parse =>
        {
            if (!Durations.TryParse(parse.GetValue(ttl), out var lifetime) || lifetime <= TimeSpan.Zero)
            {
                Console.Error.WriteLine($"eco token: --ttl takes a duration like 30m, 1h or 7d (units {Durations.Units}); got '{parse.GetValue(ttl)}'");
                return 2;
            }
            TokenIssuer issuer;
            AuthOptions auth;
            try
            {
                issuer = NodeTokens.IssuerFor(EcoConfiguration.ForNodeAt(parse.GetValue(dataDir) ?? Environment.GetEnvironmentVariable("ECO_DATA_DIR"), parse.GetValue(config)), out auth);
            }
            catch (InvalidSettingException ex)
            {
                Console.Error.WriteLine($"eco token: {ex.Message}");
                return 2;
            }
            if (lifetime > auth.MaxIssuedLifetime)
            {
                Console.Error.WriteLine($"eco token: --ttl {parse.GetValue(ttl)} is longer than the {auth.MaxIssuedLifetime.TotalDays:0.#} days allowed (Eco:Auth:MaxIssuedLifetime)");
                return 2;
            }
            var issued = issuer.Issue(parse.GetValue(user) ?? NodeTokens.DefaultUser, parse.GetValue(admin), lifetime);
            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(new { token = issued.Token, jti = issued.Jti, sub = issued.Subject, admin = issued.Admin, expires_at = issued.ExpiresAt })
                : issued.Token);
            return 0;
        });
        return command;
    }
}
