using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

/// <summary><c>eco serve</c> with a bad setting stops at once with exit code 2 and the reason in one line, never a stack trace.</summary>
public sealed class ServeConfigurationTests
{
    [Theory]
    [InlineData("Akka__Hocon", "eco.shard-lease.heartbeat-timeout = soon", "Akka setting eco.shard-lease.heartbeat-timeout = 'soon' is not a duration")]
    [InlineData("Akka__Hocon", "akka.cluster.failure-detector.acceptable-heartbeat-pause = 100ms", "must be at least twice the heartbeat interval")]
    [InlineData("Akka__Hocon", "eco.shard-lease { heartbeat-timeout = 2s, heartbeat-interval = 1s }", "must be at most 3/8 of heartbeat-timeout")]
    [InlineData("Eco__Cluster__Port", "abc", "Eco:Cluster:Port")]
    [InlineData("Eco__Entities__MaxRestarts", "-1", "MaxRestarts must be between 0 and 1000")]
    [InlineData("Eco__Llm__Chain__0", "nowhere", "Eco:Llm:Chain names 'nowhere', which is not under Eco:Llm:Providers")]
    [InlineData("Eco__Llm__Providers__local__Limits__MaxConcurrency", "0", "provider 'local': limits: The field MaxConcurrency must be between 1 and 100000")]
    [InlineData("Eco__Llm__Providers__local__Kind", "llama", "provider 'local': kind must be 'openai' or 'local', not 'llama'")]
    [InlineData("Eco__Auth__SigningKey", "short", "the signing key has 5 bytes; HS256 needs at least 32")]
    [InlineData("Eco__Auth__ClockSkew", "00:10:00", "ClockSkew must be between")]
    [InlineData("Eco__Auth__JwksUrl", "https://idp.example/jwks", "Eco:Auth:JwksUrl needs Eco:Auth:Issuer")]
    [InlineData("Eco__Cluster__Enabled", "true", "in a cluster every node must check tokens with the same key")]
    [InlineData("Eco__Admin__Urls", "https://127.0.0.1:5999", "must be http://")]
    [InlineData("Eco__Admin__Urls", "http://eco.example:5999", "listen on an IP address, localhost, or *")]
    public async Task Serve_WithABadSetting_ExitsWithCode2AndTheReason(string name, string value, string reason)
    {
        using var data = new TempDirectory();
        var (exit, _, error) = await EcoCommand.RunAsync(new Dictionary<string, string> { [name] = value },
            "serve", "--data-dir", data.Path, "--urls", $"http://127.0.0.1:{NodeProcess.FreePort()}");

        Assert.Equal(2, exit);
        Assert.Contains("eco serve: cannot start with this configuration:", error);
        Assert.Contains(reason, error);
        Assert.DoesNotContain("   at ", error); // no stack trace
    }

    [Fact]
    public async Task Serve_WithAMissingConfigFile_NamesIt()
    {
        using var data = new TempDirectory();
        var missing = data.File("nope.json");
        var (exit, _, error) = await EcoCommand.RunAsync("serve", "--config", missing, "--data-dir", data.Path);

        Assert.Equal(2, exit);
        Assert.Contains("The configuration file 'nope.json' was not found", error);
        Assert.Contains(missing, error);
    }

    [Fact]
    public async Task Serve_WithAConfigFileThatIsNotJson_SaysSo()
    {
        using var data = new TempDirectory();
        var broken = data.File("broken.json");
        await File.WriteAllTextAsync(broken, "{ \"Eco\": { \"Urls\": ");
        var (exit, _, error) = await EcoCommand.RunAsync("serve", "--config", broken, "--data-dir", data.Path);

        Assert.Equal(2, exit);
        Assert.Contains("broken.json", error);
    }

    [Fact]
    public async Task Serve_WithAuthenticationOff_RefusesToListenBeyondLoopback()
    {
        using var data = new TempDirectory();
        var (exit, _, error) = await EcoCommand.RunAsync(new Dictionary<string, string> { ["Eco__Auth__Enabled"] = "false" },
            "serve", "--data-dir", data.Path, "--urls", $"http://0.0.0.0:{NodeProcess.FreePort()}");

        Assert.Equal(2, exit);
        Assert.Contains("Eco:Auth:Enabled=false is accepted only on a node that listens on loopback alone", error);
    }

    [Fact]
    public async Task Serve_WithThePublicAndManagementPortsTheSame_SaysTheyMustDiffer()
    {
        using var data = new TempDirectory();
        var port = NodeProcess.FreePort();
        var (exit, _, error) = await EcoCommand.RunAsync(new Dictionary<string, string> { ["Eco__Admin__Urls"] = $"http://127.0.0.1:{port}" },
            "serve", "--data-dir", data.Path, "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(2, exit);
        Assert.Contains($"both use port {port}", error);
    }
}
