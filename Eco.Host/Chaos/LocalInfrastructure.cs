using System.Diagnostics;
using Eco.Host.Load;

namespace Eco.Host.Chaos;

/// <summary>
/// What <c>eco chaos</c> stands on: a <c>redis-server</c> it starts itself (so it can restart it) unless given an endpoint, and the
/// PostgreSQL of the connection string, restartable with <c>pg_ctl</c> when its data directory is given.
/// </summary>
internal sealed class LocalInfrastructure : IChaosInfrastructure, IAsyncDisposable
{
    private const string PgCtl = "/usr/lib/postgresql/15/bin/pg_ctl";
    private readonly int _redisPort;
    private readonly string? _postgresDataDir;
    private Process? _redis;

    private LocalInfrastructure(string redis, int redisPort, string postgres, string? postgresDataDir)
    {
        Redis = redis;
        _redisPort = redisPort;
        Postgres = postgres;
        _postgresDataDir = postgresDataDir;
    }

    public string Redis { get; }

    public string Postgres { get; }

    public Func<TimeSpan, Task>? RestartRedis => _redisPort == 0 ? null : RestartRedisAsync;

    public Func<TimeSpan, Task>? RestartPostgres => _postgresDataDir is null ? null : RestartPostgresAsync;

    /// <summary>Uses <paramref name="redis"/> when given, else starts its own <c>redis-server</c> on a free loopback port.</summary>
    public static async Task<LocalInfrastructure> StartAsync(string? redis, string postgres, string? postgresDataDir)
    {
        if (!string.IsNullOrEmpty(redis))
        {
            return new LocalInfrastructure(redis, 0, postgres, postgresDataDir);
        }
        var port = NodeLauncher.FreePort();
        var infrastructure = new LocalInfrastructure($"127.0.0.1:{port}", port, postgres, postgresDataDir);
        await infrastructure.StartRedisAsync();
        return infrastructure;
    }

    private async Task StartRedisAsync() =>
        _redis = await RedisProcess.StartAsync(_redisPort, "apt-get install -y redis-server, or pass --redis host:port");

    private async Task RestartRedisAsync(TimeSpan downtime)
    {
        StopRedis();
        await Task.Delay(downtime);
        await StartRedisAsync();
    }

    private async Task RestartPostgresAsync(TimeSpan downtime)
    {
        await PgCtlAsync("-D", _postgresDataDir!, "-m", "fast", "-w", "stop");
        await Task.Delay(downtime);
        // restart on a stopped server starts it with the options of its last start (postmaster.opts)
        await PgCtlAsync("-D", _postgresDataDir!, "-w", "-l", Path.Combine(_postgresDataDir!, "..", "server.log"), "restart");
    }

    private static async Task PgCtlAsync(params string[] arguments)
    {
        var asRoot = Environment.UserName == "root";
        var start = asRoot ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", PgCtl, .. arguments]) : new ProcessStartInfo(PgCtl, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        if (process.ExitCode != 0 && !error.Contains("trying to start server anyway", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"pg_ctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()}");
        }
    }

    private void StopRedis()
    {
        if (_redis is not null)
        {
            RedisProcess.Kill(_redis);
        }
    }

    public ValueTask DisposeAsync()
    {
        StopRedis();
        _redis?.Dispose();
        return ValueTask.CompletedTask;
    }
}
