using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Eco.Tests.Support;

/// <summary>The real <c>eco serve</c> executable as a child process, so tests can kill -9 it.</summary>
public sealed class NodeProcess : NodeClient, IAsyncDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process, Uri baseUri) : base(baseUri) => _process = process;

    public static async Task<NodeProcess> StartAsync(string dataDir, int port, IReadOnlyDictionary<string, string> environment)
    {
        var eco = Path.Combine(AppContext.BaseDirectory, "eco.dll");
        Assert.True(File.Exists(eco), $"eco.dll not found next to the tests at {eco}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { eco, "serve", "--data-dir", dataDir, "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        await node.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return node;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, exactly like a crash.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Assert.False(_process.HasExited, $"eco exited early with code {(_process.HasExited ? _process.ExitCode : 0)}");
            try
            {
                if ((await Http.GetAsync("readyz", deadline.Token)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50, deadline.Token);
        }
    }
}
