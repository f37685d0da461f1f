using Akka.Configuration;
using Eco.Actors.Sharding;
using Eco.Host.Hosting;

namespace Eco.Tests.Unit.Hosting;

/// <summary>Seeds given by configuration become Akka seed nodes; a blank one is no seed, a malformed one stops the node with the reason.</summary>
public sealed class EcoHoconSeedsTests
{
    private static ClusterOptions Cluster(params string[] seeds) => new() { Enabled = true, Name = "eco", Seeds = seeds };

    [Fact]
    public void BlankSeeds_AreLeftOut()
    {
        var akka = ConfigurationFactory.ParseString(EcoHocon.Render(Cluster("", "eco-0.eco-nodes:4053", " ")));
        Assert.Equal(["akka.tcp://eco@eco-0.eco-nodes:4053"], akka.GetStringList("akka.cluster.seed-nodes"));
        Assert.Empty(Cluster(" ").SeedEndpoints); // no seed: the node starts a cluster of its own
    }

    [Theory]
    [InlineData("eco-0.eco-nodes")]
    [InlineData("eco-0.eco-nodes:http")]
    [InlineData("eco-0.eco-nodes:70000")]
    public void MalformedSeed_IsRefusedWithTheReason(string seed)
    {
        var error = Assert.Throws<InvalidSettingException>(() => EcoHocon.Render(Cluster(seed)));
        Assert.Contains($"'{seed}' is not a remoting endpoint", error.Message);
    }
}
