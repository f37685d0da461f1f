using System.Net;
using System.Net.Http.Json;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Auth;

/// <summary>A node on loopback alone may run without authentication (benchmarks, a developer's machine): no token needed anywhere.</summary>
[Trait("Category", "Integration")]
public sealed class AuthenticationOffTests
{
    [Fact]
    public async Task A_loopback_node_with_authentication_off_serves_without_tokens()
    {
        using var dir = new TempDirectory();
        await using var node = await TestNode.StartAsync(dir.Path, settings: new Dictionary<string, string?> { ["Eco:Auth:Enabled"] = "false" });
        using var anonymous = node.ClientWith(null);
        using var submitted = await anonymous.PostAsJsonAsync("v1/jobs", new { kind = "chat", message = "캔 버리는 법" });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        using var admin = new HttpClient { BaseAddress = node.AdminUri };
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("admin/cluster?shards=false")).StatusCode);
        Assert.False(File.Exists(Path.Combine(dir.Path, Eco.Host.Auth.SharedSecret.FileName))); // no key made for nothing
    }
}
