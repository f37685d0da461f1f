using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Eco.Host.Auth;

namespace Eco.Host.Load;

/// <summary>
/// An <c>eco serve</c> child process of this very build on a loopback port. It keeps the last lines the node printed,
/// so a node that dies says why instead of only its exit code.
/// </summary>
internal sealed class ChildNode : IDisposable
{
    private const int TailLines = 30;
    private readonly ConcurrentQueue<string> _tail = new();

    private readonly StreamWriter? _log;

    private ChildNode(Process process, int port, int adminPort, string keyFile, StreamWriter? log)
    {
        _log = log;
        Process = process;
        Port = port;
        AdminPort = adminPort;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        AdminUri = new Uri($"http://127.0.0.1:{adminPort}/");
        KeyFile = keyFile;
    }

    public Process Process { get; }
    public int Port { get; }
    public int AdminPort { get; }
    public Uri BaseUri { get; }

    /// <summary>The management endpoint (<c>/admin/*</c>).</summary>
    public Uri AdminUri { get; }

    /// <summary>The file of the key the node checks tokens with (its data directory's, unless the settings name a shared one).</summary>
    public string KeyFile { get; }

    /// <summary>Signs tokens the node accepts (once it has started: a first start makes the key).</summary>
    public TokenIssuer Tokens() => new(SharedSecret.Parse(File.ReadAllText(KeyFile).Trim(), KeyFile), TimeProvider.System);

    /// <summary>The last lines of the node's stdout and stderr, oldest first.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _tail);

    /// <summary>Where a node started in <paramref name="dataDir"/> keeps everything it printed.</summary>
    public static string LogPath(string dataDir) => Path.Combine(dataDir, "node.log");

    /// <summary>Starts <c>eco serve</c> with <paramref name="settings"/> as environment variables (<c>Eco:Cluster:Name</c> or <c>Eco__Cluster__Name</c>);
    /// its management port is a free one unless the settings name it.</summary>
    public static ChildNode Start(string dataDir, int port, IReadOnlyDictionary<string, string> settings)
    {
        string? Setting(string name) => settings.FirstOrDefault(s => s.Key.Replace("__", ":", StringComparison.Ordinal) == name).Value;
        var adminPort = Setting("Eco:Admin:Urls") is { } adminUrls ? new Uri(adminUrls).Port : NodeLauncher.FreePort();
        var keyFile = Setting("Eco:Auth:SigningKeyFile") ?? Path.Combine(dataDir, SharedSecret.FileName);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "eco.dll"), "serve", "--data-dir", dataDir, "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Eco__Admin__Urls"] = $"http://127.0.0.1:{adminPort}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        // Everything the node prints also goes to node.log in its data directory (appended across restarts), for a post-mortem.
        Directory.CreateDirectory(dataDir);
        var log = new StreamWriter(LogPath(dataDir), append: true) { AutoFlush = true };
        var node = new ChildNode(Process.Start(start)!, port, adminPort, keyFile, log);
        node.Process.OutputDataReceived += (_, line) => node.Keep(line.Data);
        node.Process.ErrorDataReceived += (_, line) => node.Keep(line.Data);
        node.Process.BeginOutputReadLine();
        node.Process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Polls <c>/readyz</c> until it answers 200; throws with the node's last output if it exits first or the time runs out.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (Process.HasExited)
                {
                    Process.WaitForExit(); // drains the output readers, so the tail is complete
                    throw new InvalidOperationException($"the node on port {Port} exited with code {Process.ExitCode}; its last output:{Environment.NewLine}{OutputTail}");
                }
                try
                {
                    using var response = await http.GetAsync("readyz", deadline.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !deadline.IsCancellationRequested))
                {
                    // not listening yet, or too busy starting to answer within the request timeout
                }
                await Task.Delay(100, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the node on port {Port} was not ready within {timeout.TotalSeconds:0} s; its last output:{Environment.NewLine}{OutputTail}");
        }
    }

    /// <summary>Waits until the process exits by itself (a node that left, or learned it was downed), at most <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await Process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // still running: the caller decides
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no lease release, no flush, exactly like a crash.</summary>
    public void KillHard()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: false);
            Process.WaitForExit(10_000);
        }
    }

    /// <summary>SIGSTOP: the process keeps its sockets and state but runs no instruction — a long GC pause or a starved VM, made
    /// as long as wanted. <see cref="Thaw"/> resumes it.</summary>
    public void Freeze() => Signal(SigStop);

    /// <summary>SIGCONT after <see cref="Freeze"/>: the process runs again and finds the time gone by on its clocks.</summary>
    public void Thaw() => Signal(SigCont);

    private const int SigCont = 18, SigStop = 19; // Linux (x86-64, arm64)

    private void Signal(int signal)
    {
        if (!Process.HasExited && Kill(Process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({Process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    // DllImport, not LibraryImport: the generated stub would need unsafe code for one blittable call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public void Dispose()
    {
        KillHard();
        Process.Dispose();
        lock (_tail)
        {
            _log?.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_tail)
        {
            try
            {
                _log?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // the node was disposed while its last lines came in
            }
        }
        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
    }
}
