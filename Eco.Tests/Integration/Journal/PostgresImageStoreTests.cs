using Eco.Actors.Images;
using Eco.Tests.Integration.Fixtures;

namespace Eco.Tests.Integration.Journal;

/// <summary>Uploaded photos in a real PostgreSQL: what one node stores, another reads; an upload sent again is the same image.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresImageStoreTests
{
    [Fact]
    public async Task Save_IsReadByAnotherNodesStore_AndTheSameUploadIsOneImage()
    {
        var connection = await PostgresServer.ConnectionStringAsync();
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        // The journal's migration creates the table: each store waits for its node's journal, as a node's does.
        await using var journalA = await PostgresJournalTests.OpenAsync(schema);
        await using var journalB = await PostgresJournalTests.OpenAsync(schema);
        await using var nodeA = new PostgresImageStore(connection, schema, TimeProvider.System, journalA.WaitReadyAsync);
        await using var nodeB = new PostgresImageStore(connection, schema, TimeProvider.System, journalB.WaitReadyAsync);
        byte[] photo = [0xFF, 0xD8, 0xFF, .. Enumerable.Range(0, 2000).Select(i => (byte)i)];

        var first = (await nodeA.SaveAsync("alice", "image/jpeg", "can.jpg", photo, quotaBytes: null, default)).Image!;
        var again = (await nodeB.SaveAsync("alice", "image/jpeg", "renamed.jpg", photo, quotaBytes: null, default)).Image!;
        var bobs = (await nodeB.SaveAsync("bob", "image/jpeg", "can.jpg", photo, quotaBytes: null, default)).Image!;

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("can.jpg", again.Name); // the first upload's name is kept
        Assert.NotEqual(first.Id, bobs.Id);  // the same bytes from another user are another image
        var read = await nodeB.FindAsync(first.Id, default);
        Assert.NotNull(read);
        Assert.Equal(photo, read.Bytes);
        Assert.Equal(("alice", "image/jpeg"), (read.Owner, read.ContentType));
        Assert.Null(await nodeA.FindAsync(ImageIds.For("carol", photo), default));

        // Retention: what was stored before the cutoff goes, on whichever node sweeps; the rest stays.
        Assert.Equal(0, await nodeA.DeleteStoredBeforeAsync(first.StoredAt, default));
        Assert.Equal(2, await nodeB.DeleteStoredBeforeAsync(bobs.StoredAt.AddMilliseconds(1), default));
        Assert.Null(await nodeA.FindAsync(first.Id, default));
    }

    [Fact]
    public async Task UsageListAndDelete_AreEachOwnersOwn_AcrossNodes()
    {
        var connection = await PostgresServer.ConnectionStringAsync();
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        await using var journalA = await PostgresJournalTests.OpenAsync(schema);
        await using var journalB = await PostgresJournalTests.OpenAsync(schema);
        await using var nodeA = new PostgresImageStore(connection, schema, TimeProvider.System, journalA.WaitReadyAsync);
        await using var nodeB = new PostgresImageStore(connection, schema, TimeProvider.System, journalB.WaitReadyAsync);
        byte[] small = [0xFF, 0xD8, 0xFF, .. new byte[97]];
        byte[] large = [0x89, (byte)'P', (byte)'N', (byte)'G', .. new byte[396]];

        var can = (await nodeA.SaveAsync("alice", "image/jpeg", "can.jpg", small, quotaBytes: null, default)).Image!;
        var box = (await nodeB.SaveAsync("alice", "image/png", null, large, quotaBytes: null, default)).Image!;
        await nodeA.SaveAsync("bob", "image/jpeg", "can.jpg", small, quotaBytes: null, default);

        Assert.Equal(new ImageUsage(2, 500), await nodeB.UsageAsync("alice", default));
        Assert.Equal(new ImageUsage(0, 0), await nodeB.UsageAsync("carol", default));
        var listed = await nodeA.ListAsync("alice", 10, default);
        Assert.Equal([box.Id, can.Id], listed.OrderBy(i => i.Size).Select(i => i.Id).Reverse());
        Assert.Equal(new ImageSummary(can.Id, "image/jpeg", "can.jpg", 100, can.StoredAt), listed.Single(i => i.Id == can.Id));
        Assert.Single(await nodeA.ListAsync("alice", 1, default));

        Assert.False(await nodeA.DeleteAsync(can.Id, "bob", default)); // not bob's: nothing happens
        Assert.True(await nodeB.DeleteAsync(can.Id, "alice", default));
        Assert.False(await nodeA.DeleteAsync(can.Id, "alice", default)); // gone already
        Assert.Null(await nodeA.FindAsync(can.Id, default));
        Assert.Equal(new ImageUsage(1, 400), await nodeA.UsageAsync("alice", default));
        Assert.Equal(new ImageUsage(1, 100), await nodeA.UsageAsync("bob", default));
    }

    [Fact]
    public async Task Save_AtTheSameMomentOnTwoNodes_NeverTakesAnOwnerPastTheAllowance()
    {
        var connection = await PostgresServer.ConnectionStringAsync();
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        await using var journalA = await PostgresJournalTests.OpenAsync(schema);
        await using var journalB = await PostgresJournalTests.OpenAsync(schema);
        await using var nodeA = new PostgresImageStore(connection, schema, TimeProvider.System, journalA.WaitReadyAsync);
        await using var nodeB = new PostgresImageStore(connection, schema, TimeProvider.System, journalB.WaitReadyAsync);

        // Twelve different 300-byte photos against 1,000 bytes allowed: three fit, whichever nodes the uploads land on.
        var saves = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            (i % 2 == 0 ? nodeA : nodeB).SaveAsync("alice", "image/jpeg", $"{i}.jpg", [0xFF, 0xD8, 0xFF, .. Enumerable.Repeat((byte)i, 297)], 1_000, default))));

        Assert.Equal(3, saves.Count(s => !s.Refused));
        Assert.All(saves.Where(s => s.Refused), s => Assert.True(s.Usage.Bytes + 300 > 1_000, $"refused at {s.Usage}"));
        Assert.Equal(new ImageUsage(3, 900), await nodeA.UsageAsync("alice", default));
        // A photo stored already is no new room: it is found, not refused.
        var again = saves.First(s => !s.Refused).Image!;
        Assert.Equal(again.Id, (await nodeB.SaveAsync("alice", "image/jpeg", null, again.Bytes, 1_000, default)).Image?.Id);
    }
}
