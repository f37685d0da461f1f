using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Eco.Host.Auth;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Auth;

/// <summary>Every public route needs a valid bearer token: each way a token can be wrong gets 401 with its reason, and changes nothing.</summary>
[Trait("Category", "Integration")]
public sealed class AuthenticationTests() : NodeTest(TimeSpan.FromMilliseconds(1))
{
    public enum Forgery { Missing, NotAJwt, Expired, NotYetValid, WrongIssuer, WrongAudience, WrongKey, AlgNone, NoExpiry, RsaSignedForAnHs256Node, NotBearer }

    private byte[] NodeKey => SharedSecret.Parse(File.ReadAllText(Path.Combine(Node.DataDir, SharedSecret.FileName)).Trim(), "test");

    private string Forge(Forgery forgery) => forgery switch
    {
        Forgery.NotAJwt => "not-a-token",
        Forgery.Expired => ForgedTokens.Hs256(NodeKey, notBefore: DateTimeOffset.UtcNow.AddHours(-2), expires: DateTimeOffset.UtcNow.AddMinutes(-5)),
        Forgery.NotYetValid => ForgedTokens.Hs256(NodeKey, notBefore: DateTimeOffset.UtcNow.AddMinutes(10), expires: DateTimeOffset.UtcNow.AddMinutes(20)),
        Forgery.WrongIssuer => ForgedTokens.Hs256(NodeKey, issuer: "someone-else"),
        Forgery.WrongAudience => ForgedTokens.Hs256(NodeKey, audience: "another-service"),
        Forgery.WrongKey => ForgedTokens.Hs256(new byte[32]),
        Forgery.AlgNone => ForgedTokens.Unsigned(),
        Forgery.NoExpiry => ForgedTokens.Hs256(NodeKey, withExpiry: false),
        Forgery.RsaSignedForAnHs256Node => TestIdentityProvider.Sign(TestIdentityProvider.NewRsaKey("k"), "mallory", issuer: "eco"),
        _ => "",
    };

    [Theory]
    [InlineData(Forgery.Missing, "this needs a bearer token")]
    [InlineData(Forgery.NotBearer, "must be 'Bearer <token>'")]
    [InlineData(Forgery.NotAJwt, "not a well-formed JWT")]
    [InlineData(Forgery.Expired, "has expired")]
    [InlineData(Forgery.NotYetValid, "not valid yet")]
    [InlineData(Forgery.WrongIssuer, "issuer")]
    [InlineData(Forgery.WrongAudience, "audience")]
    [InlineData(Forgery.WrongKey, "signature")]
    [InlineData(Forgery.AlgNone, "")]
    [InlineData(Forgery.NoExpiry, "no expiry")]
    [InlineData(Forgery.RsaSignedForAnHs256Node, "")]
    public async Task A_request_without_a_valid_token_gets_401_with_the_reason_and_changes_nothing(Forgery forgery, string reason)
    {
        using var http = Node.ClientWith(null);
        using var submit = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = JsonContent.Create(new { kind = "chat", message = "캔 버리는 법" }) };
        submit.Headers.Add("Idempotency-Key", $"forged-{forgery}");
        switch (forgery)
        {
            case Forgery.Missing:
                break;
            case Forgery.NotBearer:
                submit.Headers.TryAddWithoutValidation("Authorization", $"Basic {Convert.ToBase64String("a:b"u8)}");
                break;
            default:
                submit.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Forge(forgery)}");
                break;
        }
        using var response = await http.SendAsync(submit);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains(reason, detail);
        if (forgery is not (Forgery.Missing or Forgery.NotBearer))
        {
            Assert.Contains("error=\"invalid_token\"", challenge.Parameter);
        }
        // Nothing was created: the same key with a valid token makes the job now, for the first time.
        using var retry = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = JsonContent.Create(new { kind = "chat", message = "캔 버리는 법" }) };
        retry.Headers.Add("Idempotency-Key", $"forged-{forgery}");
        retry.Headers.TryAddWithoutValidation("Authorization", $"Bearer {ForgedTokens.Hs256(NodeKey, subject: "mallory")}");
        using var valid = await http.SendAsync(retry);
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
    }

    [Fact]
    public async Task Clock_skew_is_tolerated_up_to_its_bound_and_no_further()
    {
        using var slightlyLate = Node.ClientWith(ForgedTokens.Hs256(NodeKey, notBefore: DateTimeOffset.UtcNow.AddMinutes(-5), expires: DateTimeOffset.UtcNow.AddSeconds(-10)));
        using var tooLate = Node.ClientWith(ForgedTokens.Hs256(NodeKey, notBefore: DateTimeOffset.UtcNow.AddMinutes(-5), expires: DateTimeOffset.UtcNow.AddSeconds(-90)));
        Assert.Equal(HttpStatusCode.NotFound, (await slightlyLate.GetAsync("v1/jobs/0000000000000000000000000000dead")).StatusCode); // 30 s skew: through
        Assert.Equal(HttpStatusCode.Unauthorized, (await tooLate.GetAsync("v1/jobs/0000000000000000000000000000dead")).StatusCode);
    }

    [Fact]
    public async Task Every_public_route_and_the_stream_need_a_token_while_health_stays_open()
    {
        var jobId = await Node.SubmitChatAsync("페트병 버리는 법");
        using var anonymous = Node.ClientWith(null);
        foreach (var path in new[] { $"v1/jobs/{jobId}", $"v1/jobs/{jobId}/events", "v1/conversations/c1", $"v1/jobs/{jobId}/stream" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("readyz")).StatusCode);

        // A WebSocket without a token is refused before the upgrade.
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Node.StreamUri(jobId, "0"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task A_browser_stream_may_carry_its_token_in_the_query_string()
    {
        var jobId = await Node.SubmitChatAsync("우유팩 버리는 법");
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(new Uri($"{Node.StreamUri(jobId, "0")}&access_token={Node.UserToken}"), timeout.Token);
        var reader = new Eco.Host.Streaming.WebSocketJsonReader(socket);
        using var first = await reader.ReadAsync(timeout.Token);
        Assert.Equal(1, first!.RootElement.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Admin_routes_live_on_the_management_port_and_need_an_admins_token()
    {
        using var admin = Node.ClientWith(Node.AdminToken);
        // On the public port the admin API does not exist, whatever the token.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("admin/cluster")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("admin/cluster/down/x", null)).StatusCode);

        using var anonymous = new HttpClient { BaseAddress = Node.AdminUri };
        using var user = new HttpClient { BaseAddress = Node.AdminUri };
        user.DefaultRequestHeaders.Authorization = new("Bearer", Node.UserToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("admin/cluster")).StatusCode);
        using var forbidden = await user.PostAsync("admin/cluster/down/x", null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("admin", await forbidden.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Node.Admin.GetAsync("admin/cluster")).StatusCode);
        // The public API is not served on the management port; the probes are served on both.
        Assert.Equal(HttpStatusCode.NotFound, (await Node.Admin.GetAsync("v1/jobs/0000000000000000000000000000dead")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("readyz")).StatusCode);
    }

    [Fact]
    public async Task The_node_made_its_signing_key_readable_by_its_owner_alone_and_eco_token_signs_with_it()
    {
        var keyFile = Path.Combine(Node.DataDir, SharedSecret.FileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        var (exit, output, error) = await EcoCommand.RunAsync("token", "--data-dir", Node.DataDir, "--user", "ops", "--admin", "--ttl", "10m", "--json");
        Assert.True(exit == 0, error);
        var issued = JsonDocument.Parse(output).RootElement;
        Assert.Equal("ops", issued.GetProperty("sub").GetString());
        Assert.True(issued.GetProperty("expires_at").GetDateTimeOffset() < DateTimeOffset.UtcNow.AddMinutes(11));
        using var admin = new HttpClient { BaseAddress = Node.AdminUri };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", issued.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("admin/cluster?shards=false")).StatusCode);

        var (badExit, _, badError) = await EcoCommand.RunAsync("token", "--data-dir", Node.DataDir, "--ttl", "400d");
        Assert.Equal(2, badExit);
        Assert.Contains("longer than", badError);
    }
}
