using Eco.Host.Limits;
using Eco.Host.Load;

namespace Eco.Tests.Support;

/// <summary>The real <c>eco serve</c> executable as a child process, so tests can kill -9 it.</summary>
public sealed class NodeProcess : NodeClient, IAsyncDisposable
{
    private readonly ChildNode _child;

    private NodeProcess(ChildNode child) : base(child.BaseUri, child.AdminUri, child.Tokens()) => _child = child;

    public static async Task<NodeProcess> StartAsync(string dataDir, int port, IReadOnlyDictionary<string, string> environment)
    {
        var eco = Path.Combine(AppContext.BaseDirectory, "eco.dll");
        Assert.True(File.Exists(eco), $"eco.dll not found next to the tests at {eco}");
        // Tests act as one user submitting bursts: per-user limits are tested on their own (UserLimitTests).
        var settings = new Dictionary<string, string>(UserLimitOptions.Unbounded);
        foreach (var (key, value) in environment)
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var child = ChildNode.Start(dataDir, port, settings);
        TestRunServers.RecordPid(child.Process.Id, "eco.dll", "serve", dataDir);
        try
        {
            await child.WaitReadyAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        }
        catch
        {
            TestRunServers.ForgetPid(child.Process.Id);
            child.Dispose();
            throw;
        }
        var node = new NodeProcess(child); // ready: its key exists
        TestRunServers.StopAtEnd(node, () => node.DisposeAsync().AsTask());
        return node;
    }

    public static int FreePort() => NodeLauncher.FreePort();

    /// <summary>The node's process id (to read its memory from outside).</summary>
    public int ProcessId => _child.Process.Id;

    /// <summary>SIGKILL: no shutdown hooks, no flush, exactly like a crash.</summary>
    public void KillHard() => _child.KillHard();

    /// <summary>The last lines the node printed.</summary>
    public string OutputTail => _child.OutputTail;

    /// <summary>SIGSTOP: the process keeps its sockets but runs nothing (a long GC pause, a starved VM).</summary>
    public void Freeze() => _child.Freeze();

    /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
    public void Thaw() => _child.Thaw();

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        TestRunServers.ForgetPid(_child.Process.Id);
        _child.Dispose();
        TestRunServers.Stopped(this);
        return ValueTask.CompletedTask;
    }
}
