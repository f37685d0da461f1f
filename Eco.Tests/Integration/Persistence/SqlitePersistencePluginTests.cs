using Eco.Actors.Events;
using Eco.Actors.Journal;
using Eco.Tests.Contracts;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Persistence;

/// <summary>The Akka.Persistence plugins over the embedded SQLite journal (a real file).</summary>
[Trait("Category", "Integration")]
public sealed class SqlitePersistencePluginTests : PersistencePluginContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IJournal> OpenAsync(ILiveEventPublisher live) => Task.FromResult<IJournal>(JournalTest.Open(_dir.File("journal.db"), live: live));

    public void Dispose() => _dir.Dispose();
}
