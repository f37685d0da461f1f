using System.Reflection;

namespace Eco.Host.Api;

/// <summary>The chat page at <c>/</c>: plain HTML, CSS and JavaScript embedded in the assembly, so every node serves it with no
/// build step and nothing fetched at run time. Public port only (<see cref="Hosting.ManagementPortSplit"/> hides it on the other).</summary>
internal static class WebPageApi
{
    // The page reaches only its own node: fetch and the WebSocket stream (ws:/wss: because 'self' does not match them everywhere).
    private const string ContentSecurityPolicy =
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly (string Route, string File, string ContentType)[] Assets =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "app.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder app)
    {
        foreach (var (route, file, contentType) in Assets)
        {
            var bytes = Load(file);
            app.MapGet(route, (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.CacheControl = "no-cache";
                return TypedResults.Bytes(bytes, contentType);
            }).ExcludeFromDescription();
        }
        return app;
    }

    private static byte[] Load(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("web/" + file)
            ?? throw new InvalidOperationException($"the web page asset {file} is not embedded in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
