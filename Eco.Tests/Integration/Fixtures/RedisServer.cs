using System.Diagnostics;
using Eco.Host.Chaos;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Fixtures;

/// <summary>A real Redis for the tests: <c>ECO_TEST_REDIS</c> (host:port) when set, otherwise a <c>redis-server</c> started on a free
/// loopback port for the run. A test that needs to restart Redis gets its own instance from <see cref="StartOwnAsync"/>.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> Shared = new(async () =>
        Environment.GetEnvironmentVariable("ECO_TEST_REDIS") is { Length: > 0 } configured ? configured : (await StartOwnAsync()).Endpoint);

    private Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>The shared server's endpoint (each test uses its own cluster name, so keys never collide).</summary>
    public static Task<string> EndpointAsync() => Shared.Value;

    /// <summary>A private server (stopped by disposing it, or at the end of the run).</summary>
    public static async Task<RedisServer> StartOwnAsync()
    {
        var port = NodeProcess.FreePort();
        var server = new RedisServer(await LaunchAsync(port), port);
        TestRunServers.StopAtEnd(server, () => server.DisposeAsync().AsTask());
        return server;
    }

    /// <summary>Stops the server (SIGKILL, like an OOM kill or a lost pod), waits, and starts it again on the same port.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        Stop();
        await Task.Delay(downtime);
        await StartAgainAsync();
    }

    /// <summary>Stops the server (SIGKILL); every key and subscription is gone. <see cref="StartAgainAsync"/> brings it back on the same port.</summary>
    public void Stop() => Kill();

    public async Task StartAgainAsync() => _process = await LaunchAsync(Port);

    public ValueTask DisposeAsync()
    {
        Kill();
        TestRunServers.Stopped(this);
        return ValueTask.CompletedTask;
    }

    private void Kill()
    {
        RedisProcess.Kill(_process);
        TestRunServers.ForgetPid(_process.Id);
    }

    private static async Task<Process> LaunchAsync(int port)
    {
        var process = await RedisProcess.StartAsync(port, "run ./scripts/test.sh (it installs it) or set ECO_TEST_REDIS=host:port");
        // redis-server shows itself as "redis-server 127.0.0.1:PORT"
        TestRunServers.RecordPid(process.Id, "redis-server", $":{port}");
        return process;
    }
}
