namespace Eco.Tests.Support;

/// <summary>Base for tests against one in-process node with its own data directory.</summary>
public abstract class NodeTest(TimeSpan? tokenDelay = null) : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    protected TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(_dir.Path, tokenDelay);

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        _dir.Dispose();
    }
}
