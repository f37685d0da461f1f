using System.Diagnostics;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Fixtures;

/// <summary>A real PostgreSQL for the tests: <c>ECO_TEST_POSTGRES</c> when set, otherwise a throwaway server started once per
/// test run from the PostgreSQL 15 binaries on the machine (trust auth, loopback, fsync off) and stopped when the run ends.</summary>
public static class PostgresServer
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    // Apart from scripts/pg-up.sh's /tmp/eco-pg-PORT: reaping by "dead pid" must never take a developer's server for a leftover.
    private const string DirPrefix = "eco-testpg-";
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    public static Task<string> ConnectionStringAsync() => Server.Value;

    /// <summary>A server of its own (for tests that stop and restart it), on a free port.</summary>
    public static async Task<PrivatePostgres> StartOwnAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{DirPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..44]);
        Directory.CreateDirectory(dir);
        var port = NodeProcess.FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", "-R", "postgres:postgres", dir);
        }
        await RunAsPostgresAsync(asRoot, Path.Combine(Binaries, "initdb"), "-D", Path.Combine(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        var instance = new PrivatePostgres(dir, port, asRoot);
        await instance.StartAsync();
        TestRunServers.StopAtEnd(instance, () => instance.DisposeAsync().AsTask());
        return instance;
    }

    /// <summary>A PostgreSQL server owned by one test.</summary>
    public sealed class PrivatePostgres(string dir, int port, bool asRoot) : IAsyncDisposable
    {
        public string ConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50";

        private int _pid;

        public async Task StartAsync()
        {
            await RunAsPostgresAsync(asRoot, Path.Combine(Binaries, "pg_ctl"), "-D", Path.Combine(dir, "data"), "-l",
                Path.Combine(dir, "server.log"), "-w", "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start");
            _pid = RecordPostmaster(dir);
        }

        /// <summary>Stops the server (fast shutdown: connections are cut).</summary>
        public async Task StopAsync()
        {
            await RunAsPostgresAsync(asRoot, Path.Combine(Binaries, "pg_ctl"), "-D", Path.Combine(dir, "data"), "-m", "fast", "-w", "stop");
            TestRunServers.ForgetPid(_pid);
        }

        /// <summary>Stops the server, waits, and starts it again.</summary>
        public async Task RestartAsync(TimeSpan downtime)
        {
            await StopAsync();
            await Task.Delay(downtime);
            await StartAsync();
        }

        public async ValueTask DisposeAsync()
        {
            TestRunServers.Stopped(this);
            try
            {
                await RunAsPostgresAsync(asRoot, Path.Combine(Binaries, "pg_ctl"), "-D", Path.Combine(dir, "data"), "-m", "immediate", "stop");
                TestRunServers.ForgetPid(_pid);
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception)
            {
                // already stopped by its test, or the next run reaps it
            }
        }
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("ECO_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            return configured;
        }
        if (!File.Exists(Path.Combine(Binaries, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 binaries not found in {Binaries}; set ECO_TEST_POSTGRES to a server's connection string");
        }
        // Servers of earlier runs were stopped (or reaped as this run started: TestRunServers); their directories may remain.
        foreach (var stale in Directory.GetDirectories(Path.GetTempPath(), DirPrefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(stale)[DirPrefix.Length..], out var pid) && !ProcessLiveness.IsAlive(pid))
            {
                try
                {
                    Directory.Delete(stale, recursive: true);
                }
                catch (IOException)
                {
                    // still in use: leave it
                }
            }
        }
        var dir = Path.Combine(Path.GetTempPath(), $"{DirPrefix}{Environment.ProcessId}");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(dir);
        var port = NodeProcess.FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", "-R", "postgres:postgres", dir); // initdb refuses to run as root
        }
        await RunAsPostgresAsync(asRoot, Path.Combine(Binaries, "initdb"), "-D", Path.Combine(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        await RunAsPostgresAsync(asRoot, Path.Combine(Binaries, "pg_ctl"), "-D", Path.Combine(dir, "data"), "-l", Path.Combine(dir, "server.log"), "-w", "-o",
            $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400", "start");
        var postmaster = RecordPostmaster(dir);
        TestRunServers.StopAtEnd(Server, async () =>
        {
            // The run is over: stop the server (immediate mode: nothing to keep) and remove its files.
            await RunAsPostgresAsync(asRoot, Path.Combine(Binaries, "pg_ctl"), "-D", Path.Combine(dir, "data"), "-m", "immediate", "stop");
            TestRunServers.ForgetPid(postmaster);
            Directory.Delete(dir, recursive: true);
        });
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50";
    }

    /// <summary>Records the server's postmaster (its command line names the data directory) for the next run to reap.</summary>
    private static int RecordPostmaster(string dir)
    {
        var data = Path.Combine(dir, "data");
        var pid = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        TestRunServers.RecordPid(pid, "postgres", data);
        return pid;
    }

    private static Task RunAsPostgresAsync(bool asRoot, string program, params string[] args) => RunAsync(Start(asRoot, program, args));

    private static ProcessStartInfo Start(bool asRoot, string program, params string[] args)
    {
        var start = asRoot ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. args]) : new ProcessStartInfo(program, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return start;
    }

    private static Task RunAsync(string program, params string[] args) => RunAsync(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true });

    private static async Task RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
