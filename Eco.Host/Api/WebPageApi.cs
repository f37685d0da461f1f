using System.Reflection;
using Eco.Host.Hosting;

namespace Eco.Host.Api;

/// <summary>The two pages at <c>/</c>: the chat page on the public port, the operations view on the management port. Plain HTML,
/// CSS and JavaScript embedded in the assembly, so every node serves them with no build step and nothing fetched at run time.</summary>
/// <remarks>The operations view calls <c>/admin/*</c> on its own origin; the chat page never does (admin data stays off the
/// public port). <see cref="ManagementPortSplit"/> keeps each page's script on its own port.</remarks>
internal static class WebPageApi
{
    /// <summary>The operations view's script: served on the management port only.</summary>
    public const string OperationsScript = "/ops.js";

    // The chat page reaches only its own node: fetch and the WebSocket stream (ws:/wss: because 'self' does not match them everywhere).
    private const string ChatPolicy =
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' https: data: blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    // The operations view only polls its own node's /admin/* with fetch.
    private const string OperationsPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private sealed record Asset(byte[] Bytes, string ContentType, string Policy);

    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder app)
    {
        var chat = Load("index.html", "text/html; charset=utf-8", ChatPolicy);
        var operations = Load("ops.html", "text/html; charset=utf-8", OperationsPolicy);
        var listeners = app.ServiceProvider.GetRequiredService<NodeListeners>();
        Map(app, "/", context => listeners.IsManagement(context) ? operations : chat);
        Map(app, "/app.css", Constant(Load("app.css", "text/css; charset=utf-8", ChatPolicy)));
        Map(app, "/app.js", Constant(Load("app.js", "text/javascript; charset=utf-8", ChatPolicy)));
        Map(app, OperationsScript, Constant(Load("ops.js", "text/javascript; charset=utf-8", OperationsPolicy)));
        return app;
    }

    /// <summary>True for the routes both ports serve, each its own page (<c>/</c>) or the shared style sheet.</summary>
    public static bool IsSharedRoute(PathString path) => path == "/" || path == "/app.css";

    private static Func<HttpContext, Asset> Constant(Asset asset) => _ => asset;

    private static void Map(IEndpointRouteBuilder app, string route, Func<HttpContext, Asset> pick) =>
        app.MapGet(route, (HttpContext context) =>
        {
            var asset = pick(context);
            context.Response.Headers.ContentSecurityPolicy = asset.Policy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.CacheControl = "no-cache";
            return TypedResults.Bytes(asset.Bytes, asset.ContentType);
        }).ExcludeFromDescription();

    private static Asset Load(string file, string contentType, string policy)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("web/" + file)
            ?? throw new InvalidOperationException($"the web page asset {file} is not embedded in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new Asset(copy.ToArray(), contentType, policy);
    }
}
