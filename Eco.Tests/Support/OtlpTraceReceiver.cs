using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eco.Tests.Support;

/// <summary>A collector for tests: takes OTLP/HTTP protobuf exports (<c>POST /v1/traces</c>) from nodes whose
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is <see cref="Endpoint"/> and keeps the spans they carried.</summary>
/// <remarks>No OTLP proto types are served to us, so the few fields read are walked with Google.Protobuf's wire reader, by their
/// numbers in <c>opentelemetry/proto/trace/v1/trace.proto</c>; every other field is skipped.</remarks>
public sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();

    private OtlpTraceReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
            foreach (var span in Decode(body.ToArray()))
            {
                _spans.Enqueue(span);
            }
            return Results.Ok(); // an empty ExportTraceServiceResponse: all accepted
        });
        _app.MapPost("/v1/metrics", () => Results.Ok()); // the nodes push metrics too; only traces are read
    }

    /// <summary>The base address to give a node as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Every span received so far.</summary>
    public IReadOnlyCollection<OtlpSpan> Spans => _spans;

    public static async Task<OtlpTraceReceiver> StartAsync()
    {
        var receiver = new OtlpTraceReceiver();
        await receiver._app.StartAsync();
        receiver.Endpoint = receiver._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // ExportTraceServiceRequest.resource_spans = 1; ResourceSpans.resource = 1, .scope_spans = 2; Resource.attributes = 1;
    // ScopeSpans.spans = 2; Span.trace_id = 1, .span_id = 2, .parent_span_id = 4, .name = 5, .attributes = 9.
    private static IEnumerable<OtlpSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in Fields(request, 1))
        {
            var resource = Fields(resourceSpans, 1).Select(r => Attributes(r, 1)).FirstOrDefault() ?? new Dictionary<string, string>();
            var node = resource.GetValueOrDefault("service.instance.id", "");
            foreach (var span in Fields(resourceSpans, 2).SelectMany(scopeSpans => Fields(scopeSpans, 2)))
            {
                yield return new OtlpSpan(node, Hex(span, 1), Hex(span, 2), Hex(span, 4), Text(span, 5), Attributes(span, 9));
            }
        }
    }

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of a message (messages, strings, bytes).</summary>
    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }
        return found;
    }

    private static string Hex(byte[] message, int number) => Fields(message, number) is [var bytes, ..] ? Convert.ToHexStringLower(bytes) : "";

    private static string Text(byte[] message, int number) => Fields(message, number) is [var bytes, ..] ? Encoding.UTF8.GetString(bytes) : "";

    /// <summary>The string-valued attributes (KeyValue.key = 1, .value = 2; AnyValue.string_value = 1).</summary>
    private static Dictionary<string, string> Attributes(byte[] message, int number)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var pair in Fields(message, number))
        {
            if (Fields(pair, 2) is [var value, ..] && Fields(value, 1) is [var text, ..])
            {
                attributes[Text(pair, 1)] = Encoding.UTF8.GetString(text);
            }
        }
        return attributes;
    }
}
