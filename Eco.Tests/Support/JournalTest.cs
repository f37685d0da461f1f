using Eco.Actors.Jobs;
using Eco.Actors.Journal;
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

    /// <summary>What a node that died right after accepting a chat job leaves in the journal: its <c>job.accepted</c>, ten minutes old,
    /// and no remember-entities record to restart its entity.</summary>
    public static Task AppendAcceptedLongAgoAsync(IJournal journal, JobId job, string message) =>
        journal.AppendAsync(job, 0, [new EventData(JobEventTypes.Accepted, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10), null,
            JobEventData.Accepted(new JobSpec("chat", message, null) { Owner = NodeClient.TestUser }))], default);

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
