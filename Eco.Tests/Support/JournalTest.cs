using Eco.Actors.Journal.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eco.Tests.Support;

/// <summary>Base for tests that need one real SQLite journal file of their own.</summary>
public abstract class JournalTest : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    protected SqliteJournal Journal { get; private set; } = null!;

    public static SqliteJournal Open(string path, bool groupCommit = true, Eco.Actors.Events.ILiveEventPublisher? live = null) =>
        new(new SqliteJournalOptions { FilePath = path, GroupCommit = groupCommit }, TimeProvider.System, NullLogger<SqliteJournal>.Instance, live);

    protected string File(string name) => _dir.File(name);

    public Task InitializeAsync()
    {
        Journal = Open(_dir.File("journal.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Journal.DisposeAsync();
        _dir.Dispose();
    }
}
