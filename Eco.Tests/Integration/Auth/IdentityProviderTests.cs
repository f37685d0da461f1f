using System.Net;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Auth;

/// <summary>A node that trusts an identity provider: its published RS256 and ES256 keys are accepted, rotated keys are followed,
/// and shared-secret tokens (including an HS256 token "signed" with the public key) are refused.</summary>
[Trait("Category", "Integration")]
public sealed class IdentityProviderTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private TestIdentityProvider _idp = null!;

    public async Task InitializeAsync() => _idp = await TestIdentityProvider.StartAsync();

    public async Task DisposeAsync()
    {
        await _idp.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Published_keys_are_accepted_rotation_is_followed_and_algorithm_confusion_is_refused()
    {
        var rsa = TestIdentityProvider.NewRsaKey("rsa-1");
        var ec = TestIdentityProvider.NewEcKey("ec-1");
        _idp.Publish(rsa, ec);
        await using var node = await TestNode.StartAsync(_dir.Path, settings: new Dictionary<string, string?>
        {
            ["Eco:Auth:JwksUrl"] = _idp.JwksUrl,
            ["Eco:Auth:Issuer"] = TestIdentityProvider.IssuerName,
            ["Eco:Auth:KeyRefreshMinimum"] = "00:00:01",
        });
        const string probe = "v1/jobs/0000000000000000000000000000dead"; // 404 once the token passes, 401 when it does not

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(node, TestIdentityProvider.Sign(rsa, "alice"), probe));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(node, TestIdentityProvider.Sign(ec, "alice"), probe));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(node, TestIdentityProvider.Sign(rsa, "alice", issuer: "https://other.test/"), probe));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(node, ForgedTokens.HmacWithPublicKey(rsa, TestIdentityProvider.IssuerName), probe));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(node, ForgedTokens.Hs256(new byte[32], issuer: TestIdentityProvider.IssuerName), probe));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(node, TestIdentityProvider.Sign(TestIdentityProvider.NewRsaKey("rsa-1"), "mallory"), probe)); // same kid, other key

        // The provider rotates: a new key is published and the old one withdrawn. A token with the new key's id makes the node fetch
        // the key set again (at most every KeyRefreshMinimum), after which the new key passes and the old one no longer does.
        var next = TestIdentityProvider.NewRsaKey("rsa-2");
        _idp.Publish(next, ec);
        await Eventually.UntilAsync(async () => await StatusAsync(node, TestIdentityProvider.Sign(next, "alice"), probe) == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(20), "the rotated key is accepted");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(node, TestIdentityProvider.Sign(rsa, "alice"), probe));

        // Roles from the identity provider: an admin's token reaches the management port, a user's does not.
        using var admin = new HttpClient { BaseAddress = node.AdminUri };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", TestIdentityProvider.Sign(next, "root", role: "admin"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("admin/cluster?shards=false")).StatusCode);
        using var user = new HttpClient { BaseAddress = node.AdminUri };
        user.DefaultRequestHeaders.Authorization = new("Bearer", TestIdentityProvider.Sign(next, "alice"));
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("admin/cluster?shards=false")).StatusCode);
    }

    [Fact]
    public async Task An_openid_connect_authority_is_discovered()
    {
        var rsa = TestIdentityProvider.NewRsaKey("rsa-1");
        _idp.Publish(rsa);
        await using var node = await TestNode.StartAsync(_dir.Path, settings: new Dictionary<string, string?>
        {
            ["Eco:Auth:Authority"] = _idp.Root.ToString().TrimEnd('/'),
            ["Eco:Auth:Issuer"] = TestIdentityProvider.IssuerName,
        });
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(node, TestIdentityProvider.Sign(rsa, "alice"), "v1/jobs/0000000000000000000000000000dead"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(node, TestIdentityProvider.Sign(TestIdentityProvider.NewEcKey("x"), "alice"), "v1/jobs/0000000000000000000000000000dead"));
    }

    private static async Task<HttpStatusCode> StatusAsync(TestNode node, string token, string path)
    {
        using var http = node.ClientWith(token);
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }

}
