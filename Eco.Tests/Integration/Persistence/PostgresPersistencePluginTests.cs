using Eco.Actors.Events;
using Eco.Actors.Journal;
using Eco.Tests.Contracts;
using Eco.Tests.Integration.Journal;

namespace Eco.Tests.Integration.Persistence;

/// <summary>The Akka.Persistence plugins over the PostgreSQL journal (a real server; a schema per test).</summary>
[Trait("Category", "Integration")]
public sealed class PostgresPersistencePluginTests : PersistencePluginContractTests
{
    protected override async Task<IJournal> OpenAsync(ILiveEventPublisher live) =>
        await PostgresJournalTests.OpenAsync("p_" + Guid.NewGuid().ToString("N")[..12], live: live);
}
