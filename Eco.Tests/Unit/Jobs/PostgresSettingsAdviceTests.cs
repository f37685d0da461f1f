using Eco.Actors.Journal.Postgres;

namespace Eco.Tests.Unit.Jobs;

public sealed class PostgresSettingsAdviceTests
{
    private static Dictionary<string, string> Durable() => new()
    {
        ["fsync"] = "on",
        ["synchronous_commit"] = "on",
        ["full_page_writes"] = "on",
        ["wal_init_zero"] = "off",
    };

    [Fact]
    public void Advise_DurableSettingsWithoutZeroFill_FindsNothing()
    {
        Assert.Empty(PostgresSettingsAdvice.Advise(Durable()));
        Assert.Empty(PostgresSettingsAdvice.Advise(new Dictionary<string, string>(Durable()) { ["synchronous_commit"] = "local" }));
    }

    [Theory]
    [InlineData("fsync", "off", true)]
    [InlineData("synchronous_commit", "off", true)]
    [InlineData("full_page_writes", "off", true)]
    [InlineData("wal_init_zero", "on", false)]
    public void Advise_OneRiskySetting_IsFoundAlone_AsDurabilityOrLatency(string setting, string value, bool durability)
    {
        var finding = Assert.Single(PostgresSettingsAdvice.Advise(new Dictionary<string, string>(Durable()) { [setting] = value }));
        Assert.Equal(setting, finding.Setting);
        Assert.Equal(value, finding.Value);
        Assert.Equal(durability, finding.Durability);
        Assert.False(string.IsNullOrWhiteSpace(finding.Advice));
    }
}
