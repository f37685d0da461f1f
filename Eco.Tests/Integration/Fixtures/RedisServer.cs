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

    /// <summary>A private server (stopped by the run's end or by disposing it).</summary>
    public static async Task<RedisServer> StartOwnAsync()
    {
        ReapOrphans();
        var port = NodeProcess.FreePort();
        var server = new RedisServer(await LaunchAsync(port), port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                server.Kill();
            }
            catch (Exception)
            {
                // never let one cleanup stop the others; orphans are reaped by the next run
            }
        };
        return server;
    }

    private static readonly string Owners = Path.Combine(Path.GetTempPath(), "eco-test-redis");

    /// <summary>Kills servers left by earlier test runs whose process is gone (a killed test host runs no exit handlers).</summary>
    private static void ReapOrphans()
    {
        Directory.CreateDirectory(Owners);
        foreach (var file in Directory.GetFiles(Owners, "*.owner"))
        {
            try
            {
                var redisPid = int.Parse(Path.GetFileNameWithoutExtension(file), System.Globalization.CultureInfo.InvariantCulture);
                var ownerPid = int.Parse(File.ReadAllText(file), System.Globalization.CultureInfo.InvariantCulture);
                if (ProcessLiveness.IsAlive(ownerPid))
                {
                    continue;
                }
                using var orphan = Process.GetProcessById(redisPid);
                if (orphan.ProcessName.StartsWith("redis-server", StringComparison.Ordinal))
                {
                    orphan.Kill();
                }
            }
            catch (Exception)
            {
                // already gone
            }
            File.Delete(file);
        }
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
        return ValueTask.CompletedTask;
    }

    private void Kill()
    {
        RedisProcess.Kill(_process);
        File.Delete(Path.Combine(Owners, $"{_process.Id}.owner"));
    }

    private static async Task<Process> LaunchAsync(int port)
    {
        var process = await RedisProcess.StartAsync(port, "run ./scripts/test.sh (it installs it) or set ECO_TEST_REDIS=host:port");
        File.WriteAllText(Path.Combine(Owners, $"{process.Id}.owner"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return process;
    }
}
