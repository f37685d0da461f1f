using Eco.Actors.Jobs;
using Eco.Streams.Scan;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Journal;

/// <summary>A user makes friends with a character once, in a real SQLite journal: the first scan holds it, the same scan asking
/// again (a retry) still does, a later scan of the same user does not, another user's scan does.</summary>
[Trait("Category", "Integration")]
public sealed class CharacterOwnershipTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Eco.Actors.Journal.Sqlite.SqliteJournal _journal;

    public CharacterOwnershipTests() => _journal = JournalTest.Open(_dir.File("eco.db"));

    public async ValueTask DisposeAsync()
    {
        await _journal.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Grant_IsTheFirstScansOnly_AndARetryOfThatScanKeepsIt()
    {
        var ownership = new CharacterOwnership(_journal, TimeProvider.System);
        JobId first = JobId.New(), later = JobId.New(), bobs = JobId.New();

        Assert.True(await ownership.GrantAsync("alice", "페티", first, default));
        Assert.True(await ownership.GrantAsync("alice", "페티", first, default)); // the same step again: still this scan's
        Assert.False(await ownership.GrantAsync("alice", "페티", later, default));
        Assert.True(await ownership.GrantAsync("bob", "페티", bobs, default));
        Assert.True(await ownership.GrantAsync("alice", "캔디", later, default));

        var owned = await ownership.OwnedAsync("alice", ["페티", "캔디", "유리"], default);
        Assert.Equal(["페티", "캔디"], owned.Select(c => c.Name));
        Assert.Equal([first.Value, later.Value], owned.Select(c => c.JobId));
        Assert.Empty(await ownership.OwnedAsync("carol", ["페티", "캔디"], default));
    }
}
