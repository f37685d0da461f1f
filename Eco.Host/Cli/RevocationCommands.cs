using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Eco.Host.Cli;

/// <summary><c>eco users revoke</c>, <c>eco tokens revoke</c>, <c>eco revocations list</c>: the cluster's revocation list, over a node's
/// admin endpoint.</summary>
internal static class RevocationCommands
{
    public static IEnumerable<Command> Create()
    {
        var users = new Command("users", "Users of the API: revoke every token a user holds.");
        users.Subcommands.Add(RevokeUser());
        yield return users;
        var tokens = new Command("tokens", "API tokens: revoke one token.");
        tokens.Subcommands.Add(RevokeToken());
        yield return tokens;
        var revocations = new Command("revocations", "The cluster's revocation list: revoked users and tokens.");
        revocations.Subcommands.Add(List());
        yield return revocations;
    }

    private static Option<string?> ReasonOption() => new("--reason") { Description = "Why, kept with the revocation." };

    private static Command RevokeUser()
    {
        var user = new Argument<string>("user") { Description = "The user (the sub claim of their tokens)." };
        var reason = ReasonOption();
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var command = new Command("revoke", "Refuse every token of a user issued until now, on every node within a second; tokens issued later work.")
        {
            user, reason, url, json,
        };
        command.SetAction((parse, token) => ProviderRegistryCommands.SendAsync(url.From(parse), HttpMethod.Post,
            $"admin/revocations/users/{Uri.EscapeDataString(parse.GetValue(user)!)}", new JsonObject { ["reason"] = parse.GetValue(reason) }, parse.GetValue(json),
            view =>
            {
                var revoked = view.GetProperty("user");
                Console.WriteLine($"revoked user {revoked.GetProperty("subject").GetString()}: tokens issued at or before " +
                    $"{When(revoked.GetProperty("revoked_at"))} are refused{Reason(revoked)}");
            }, token));
        return command;
    }

    private static Command RevokeToken()
    {
        var jti = new Argument<string>("jti") { Description = "The token's id (its jti claim)." };
        var expiresAt = new Option<string?>("--expires-at")
        {
            Description = "When the token expires (its exp), ISO 8601, e.g. 2026-01-31T12:00:00Z: it stays revoked until then. Default: in a day.",
        };
        var reason = ReasonOption();
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var command = new Command("revoke", "Refuse one token until it expires, on every node within a second.") { jti, expiresAt, reason, url, json };
        command.SetAction((parse, token) => ProviderRegistryCommands.SendAsync(url.From(parse), HttpMethod.Post, "admin/revocations/tokens",
            new JsonObject { ["jti"] = parse.GetValue(jti), ["expires_at"] = parse.GetValue(expiresAt), ["reason"] = parse.GetValue(reason) }, parse.GetValue(json),
            view =>
            {
                var revoked = view.GetProperty("token");
                var id = revoked.GetProperty("jti").GetString();
                var until = When(revoked.GetProperty("expires_at"));
                Console.WriteLine(view.GetProperty("recorded").GetBoolean()
                    ? $"revoked token {id} until {until}{Reason(revoked)}"
                    : $"token {id} was revoked already, until {until}{Reason(revoked)}");
            }, token));
        return command;
    }

    private static Command List()
    {
        var url = NodeAccess.Admin();
        var json = AdminCommands.JsonOption();
        var command = new Command("list", "Revoked users and tokens not expired yet, newest first.") { url, json };
        command.SetAction((parse, token) => ProviderRegistryCommands.SendAsync(url.From(parse), HttpMethod.Get, "admin/revocations", null, parse.GetValue(json),
            view =>
            {
                var rows = view.GetProperty("users").EnumerateArray().Select(u => (IReadOnlyList<string>)
                        ["user", u.GetProperty("subject").GetString()!, When(u.GetProperty("revoked_at")), "-", AdminCommands.Text(u.GetProperty("reason"))])
                    .Concat(view.GetProperty("tokens").EnumerateArray().Select(t => (IReadOnlyList<string>)
                        ["token", t.GetProperty("jti").GetString()!, When(t.GetProperty("revoked_at")), When(t.GetProperty("expires_at")), AdminCommands.Text(t.GetProperty("reason"))]))
                    .ToList();
                if (rows.Count == 0)
                {
                    Console.WriteLine("nothing is revoked");
                    return;
                }
                Console.WriteLine(TextTable.Render(["KIND", "ID", "REVOKED", "UNTIL", "REASON"], rows));
                Console.WriteLine("a user's tokens issued at or before REVOKED are refused; a token is refused until it expires (UNTIL)");
            }, token));
        return command;
    }

    private static string Reason(JsonElement revocation) =>
        revocation.GetProperty("reason").GetString() is { } reason ? $" ({reason})" : "";

    private static string When(JsonElement at) => at.GetDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
