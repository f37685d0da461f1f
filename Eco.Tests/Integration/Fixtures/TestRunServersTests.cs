using System.Diagnostics;
using Eco.Host.Chaos;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Fixtures;

/// <summary>A run reaps the servers an earlier run left behind — only those, and only while they are still the same process.</summary>
[Trait("Category", "Integration")]
public sealed class TestRunServersTests
{
    [Fact]
    public async Task ReapLeftovers_ServerOfAGoneRun_IsKilledAndItsPidFileRemoved()
    {
        using var leftover = await StartRedisAsync(out var port);
        TestRunServers.RecordPid(await GoneProcessIdAsync(), leftover.Id, ["redis-server", $":{port}"]);

        TestRunServers.ReapLeftovers();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await leftover.WaitForExitAsync(deadline.Token);
        Assert.False(TestRunServers.IsRecorded(leftover.Id));
    }

    [Fact]
    public async Task ReapLeftovers_PidNowNamesAnotherProgram_IsSpared()
    {
        using var other = await StartRedisAsync(out _);
        try
        {
            // The pid file of a gone run whose pid the system has since given to another program.
            TestRunServers.RecordPid(await GoneProcessIdAsync(), other.Id, ["postgres", "/tmp/eco-testpg-gone/data"]);

            TestRunServers.ReapLeftovers();

            Assert.False(other.HasExited);
            Assert.False(TestRunServers.IsRecorded(other.Id)); // the stale record is dropped all the same
        }
        finally
        {
            RedisProcess.Kill(other);
        }
    }

    [Fact]
    public async Task ReapLeftovers_ServerOfARunStillGoing_IsSpared()
    {
        using var running = await StartRedisAsync(out var port);
        try
        {
            TestRunServers.RecordPid(running.Id, "redis-server", $":{port}"); // this run's own server

            TestRunServers.ReapLeftovers();

            Assert.False(running.HasExited);
            Assert.True(TestRunServers.IsRecorded(running.Id));
        }
        finally
        {
            RedisProcess.Kill(running);
            TestRunServers.ForgetPid(running.Id);
        }
    }

    private static Task<Process> StartRedisAsync(out int port)
    {
        port = NodeProcess.FreePort();
        return RedisProcess.StartAsync(port, "run ./scripts/test.sh (it installs it)");
    }

    /// <summary>The id of a test host that has exited.</summary>
    private static async Task<int> GoneProcessIdAsync()
    {
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync();
        return gone.Id;
    }
}
