using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Eco.Tests.Support;
using Xunit.Abstractions;

namespace Eco.Tests.Integration.Auth;

/// <summary>A bounded fuzz run on loopback against a real <c>eco serve</c>: malformed requests, tokens, bodies, raw HTTP and WebSocket
/// frames. Nothing gets a 5xx, the node does not fall over, a finished job does not change, and memory does not grow with the run.</summary>
[Trait("Category", "Integration")]
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261202;
    private const int RequestsPerRound = 600;

    [Fact]
    public async Task Malformed_requests_and_frames_get_4xx_and_change_nothing()
    {
        using var dir = new TempDirectory();
        await using var node = await NodeProcess.StartAsync(dir.Path, NodeProcess.FreePort(), new Dictionary<string, string>());
        var jobId = await node.SubmitChatAsync("페트병 버리는 법");
        await node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));
        var before = await node.Http.GetStringAsync($"v1/jobs/{jobId}/events");
        var random = new Random(Seed);
        var fuzz = new Fuzzer(node, jobId, random);

        await fuzz.RunAsync(RequestsPerRound); // warm-up: JIT, pools, caches
        var warm = WorkingSet(node);
        for (var round = 0; round < 3; round++)
        {
            await fuzz.RunAsync(RequestsPerRound);
        }
        var after = WorkingSet(node);
        output.WriteLine($"seed {Seed}: {fuzz.Sent} requests, {fuzz.RawSent} raw HTTP, {fuzz.Frames} WebSocket frames; statuses {fuzz.Statuses}; " +
            $"working set {warm / 1_048_576} MiB after the warm-up round, {after / 1_048_576} MiB after three more");

        Assert.Empty(fuzz.ServerErrors);
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("healthz")).StatusCode);
        Assert.Equal(before, await node.Http.GetStringAsync($"v1/jobs/{jobId}/events"));
        Assert.True(after < warm + 96 * 1_048_576L, $"working set grew from {warm / 1_048_576} to {after / 1_048_576} MiB over three rounds");
    }

    private static long WorkingSet(NodeProcess node)
    {
        using var process = Process.GetProcessById(node.ProcessId);
        return process.WorkingSet64;
    }

    /// <summary>Makes and sends the malformed inputs; remembers what came back.</summary>
    private sealed class Fuzzer(NodeProcess node, string jobId, Random random)
    {
        private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];
        private readonly Dictionary<int, int> _statuses = [];
        private readonly HttpClient _http = new() { BaseAddress = node.BaseUri, Timeout = TimeSpan.FromSeconds(30) };

        public List<string> ServerErrors { get; } = [];
        public int Sent { get; private set; }
        public int RawSent { get; private set; }
        public int Frames { get; private set; }
        public string Statuses => string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));

        public async Task RunAsync(int requests)
        {
            for (var i = 0; i < requests; i++)
            {
                switch (random.Next(10))
                {
                    case 0:
                        await RawAsync();
                        break;
                    case 1:
                        await FramesAsync();
                        break;
                    default:
                        await RequestAsync();
                        break;
                }
            }
        }

        private async Task RequestAsync()
        {
            var method = Methods[random.Next(Methods.Length)];
            var path = Path();
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (random.Next(4) != 0)
            {
                request.Headers.TryAddWithoutValidation("Authorization", Authorization());
            }
            if (random.Next(3) == 0)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Printable(random.Next(0, 400)));
            }
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new ByteArrayContent(Body());
                request.Content.Headers.TryAddWithoutValidation("Content-Type", random.Next(6) switch
                {
                    0 => "text/plain",
                    1 => "application/json; charset=utf-16",
                    2 => Printable(20),
                    3 => "multipart/form-data; boundary=" + Printable(random.Next(0, 80)),
                    4 => "image/jpeg",
                    _ => "application/json",
                });
            }
            try
            {
                using var response = await _http.SendAsync(request);
                Record((int)response.StatusCode, $"{method} {path}");
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or FormatException)
            {
                // the server closed the connection on a request it would not parse, or the client would not even send it: no 5xx
            }
            Sent++;
        }

        private async Task RawAsync()
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, node.BaseUri.Port);
            var stream = client.GetStream();
            var garbage = random.Next(6) switch
            {
                0 => "GARBAGE\r\n\r\n",
                1 => $"GET /v1/jobs/{jobId} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {Text(50)}\r\nBroken header\r\n\r\n",
                2 => $"POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nContent-Type: application/json\r\n\r\n{{\"kind\":",
                3 => $"GET /{new string('a', 20_000)} HTTP/1.1\r\nHost: x\r\n\r\n",
                4 => $"GET /v1/jobs/{jobId}/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n",
                _ => $"POST /v1/jobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{Text(10)}\r\n",
            };
            await stream.WriteAsync(Encoding.UTF8.GetBytes(garbage));
            stream.Socket.Shutdown(SocketShutdown.Send);
            var reply = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                var read = await stream.ReadAsync(reply, timeout.Token);
                var head = Encoding.ASCII.GetString(reply, 0, read);
                if (head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(head.AsSpan(9, 3), out var status))
                {
                    Record(status, garbage[..Math.Min(60, garbage.Length)]);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // the server closed on us: that is an answer too
            }
            RawSent++;
        }

        private async Task FramesAsync()
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", $"Bearer {node.UserToken}");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await socket.ConnectAsync(node.StreamUri(random.Next(2) == 0 ? jobId : Text(12), random.Next(3) == 0 ? Text(5) : "0"), timeout.Token);
                for (var i = random.Next(1, 6); i > 0 && socket.State == WebSocketState.Open; i--)
                {
                    var bytes = new byte[random.Next(0, 70_000)];
                    random.NextBytes(bytes);
                    await socket.SendAsync(bytes, random.Next(2) == 0 ? WebSocketMessageType.Binary : WebSocketMessageType.Text, random.Next(4) != 0, timeout.Token);
                    Frames++;
                }
                if (socket.State == WebSocketState.Open)
                {
                    await socket.CloseOutputAsync((WebSocketCloseStatus)random.Next(1000, 5000), Text(random.Next(0, 100)), timeout.Token);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ArgumentException)
            {
                // refused, closed, or a close code the client itself will not send
            }
        }

        private string Path() => random.Next(13) switch
        {
            0 => "v1/jobs",
            1 => $"v1/jobs/{jobId}",
            2 => $"v1/jobs/{jobId}/events?after_seq={Text(6)}",
            3 => $"v1/jobs/{Uri.EscapeDataString(Text(random.Next(1, 300)))}",
            4 => $"v1/conversations/{Uri.EscapeDataString(Text(random.Next(1, 200)))}",
            5 => $"admin/cluster/down/{Uri.EscapeDataString(Text(8))}",
            6 => $"v1/jobs/{jobId}/events?after_seq={random.NextInt64(-5, long.MaxValue)}",
            7 => "v1/jobs/%00/../../etc/passwd",
            8 => $"v1/jobs/{jobId}/stream?after_seq=1&access_token={Text(40)}",
            9 => Uri.EscapeDataString(Text(random.Next(1, 100))),
            10 => $"v1/jobs?{Text(30)}",
            11 => random.Next(2) == 0 ? "v1/images" : $"v1/images/{Uri.EscapeDataString(Text(random.Next(1, 60)))}",
            _ => "v1/jobs/" + new string('x', random.Next(1, 5_000)),
        };

        private string Authorization() => random.Next(7) switch
        {
            0 => $"Bearer {node.UserToken}",
            1 => $"Bearer {Mutate(node.UserToken)}",
            2 => $"Bearer {ForgedTokens.Unsigned()}",
            3 => $"Bearer {Printable(random.Next(0, 3000))}",
            4 => Printable(40),
            5 => $"Bearer {node.UserToken}.{node.UserToken}",
            _ => $"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(10)))}",
        };

        private byte[] Body() => random.Next(11) switch
        {
            0 => Encoding.UTF8.GetBytes("""{"kind":"chat","message":""" + "\"" + Text(50) + "\"}"),
            1 => Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000)),
            2 => Encoding.UTF8.GetBytes("""{"kind":"scan","image_url":""" + "\"" + Text(30) + "\"}"),
            3 => [0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE],
            4 => Encoding.UTF8.GetBytes("""{"kind":"chat","message":1e999999,"location":{"latitude":"north"}}"""),
            5 => Encoding.UTF8.GetBytes("""{"kind":"chat","message":"x","conversation_id":""" + "\"" + Text(200) + "\"}"),
            6 => new byte[random.Next(0, 200_000)],
            7 => Encoding.UTF8.GetBytes("{\"kind\":\"chat\",\"message\":\"분리배출\",\"busy_policy\":\"" + Text(5) + "\"}"),
            8 => Encoding.UTF8.GetBytes("""{"kind":"scan","image_id":""" + "\"" + Text(40) + "\"}"),
            9 => [0xFF, 0xD8, 0xFF, .. Encoding.UTF8.GetBytes(Text(random.Next(0, 300)))],
            _ => Encoding.UTF8.GetBytes(Text(random.Next(0, 500))),
        };

        private string Mutate(string token)
        {
            var chars = token.ToCharArray();
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(33, 127);
            }
            return new string(chars);
        }

        /// <summary>What a header value may carry (an HTTP client will not send control characters or non-ASCII in one).</summary>
        private string Printable(int length) => string.Create(length, random, (chars, r) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)r.Next(33, 127);
            }
        });

        private string Text(int length)
        {
            var builder = new StringBuilder(length);
            for (var i = 0; i < length; i++)
            {
                builder.Append(random.Next(5) switch
                {
                    0 => (char)random.Next(0xAC00, 0xD7A4), // Hangul
                    1 => (char)random.Next(0, 32), // control characters
                    _ => (char)random.Next(32, 127),
                });
            }
            return builder.ToString();
        }

        private void Record(int status, string what)
        {
            _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
            if (status >= 500)
            {
                ServerErrors.Add($"{status} for {what}");
            }
        }
    }
}
