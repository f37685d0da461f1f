using System.CommandLine;
using Eco.Host.Hosting;

namespace Eco.Host.Cli;

/// <summary>The options every command that talks to a node takes: where it is (<c>--url</c>) and how to prove who we are
/// (<c>--token</c>, or a short-lived token the CLI signs itself with a local node's key found through <c>--data-dir</c>).</summary>
internal sealed class NodeAccess
{
    private readonly bool _admin;

    private NodeAccess(bool admin, string defaultUrl, string urlDescription)
    {
        _admin = admin;
        Url = new Option<string>("--url") { Description = urlDescription, DefaultValueFactory = _ => Environment.GetEnvironmentVariable(admin ? "ECO_ADMIN_URL" : "ECO_URL") ?? defaultUrl };
        Token = new Option<string?>("--token") { Description = "Bearer token (default $ECO_TOKEN; for a node on this machine the CLI signs a short-lived one with its key)." };
        DataDir = new Option<string?>("--data-dir") { Description = "Data directory of a node on this machine, whose key signs the CLI's token (default $ECO_DATA_DIR, then ./data)." };
    }

    public Option<string> Url { get; }
    public Option<string?> Token { get; }
    public Option<string?> DataDir { get; }

    /// <summary>A node's management port (<c>/admin/*</c>), with an admin's token.</summary>
    public static NodeAccess Admin() => new(admin: true, NodeListeners.DefaultAdmin, "A node's management endpoint (Eco:Admin:Urls; default $ECO_ADMIN_URL, then http://127.0.0.1:5081).");

    /// <summary>A node's public API, with a user's token.</summary>
    public static NodeAccess User() => new(admin: false, NodeListeners.DefaultPublic, "The node to talk to (default $ECO_URL, then http://127.0.0.1:5080).");

    public NodeTarget From(ParseResult parse) =>
        new(parse.GetValue(Url)!, parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("ECO_TOKEN"),
            parse.GetValue(DataDir) ?? Environment.GetEnvironmentVariable("ECO_DATA_DIR"), _admin);
}
