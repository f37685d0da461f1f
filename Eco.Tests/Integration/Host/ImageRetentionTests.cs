using Eco.Actors.Images;
using Eco.Host.Hosting;
using Eco.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Eco.Tests.Integration.Host;

/// <summary>Uploaded photos are deleted once past their retention, and not before (a real SQLite file, a clock the test moves).</summary>
[Trait("Category", "Integration")]
public sealed class ImageRetentionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Sweep_DeletesPhotosPastTheirRetention_AndKeepsTheRest()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new SqliteImageStore(_dir.File("images.db"), clock);
        var retention = new ImageRetention(store, Options.Create(new ImageOptions { RetainFor = TimeSpan.FromDays(30) }), clock, NullLogger<ImageRetention>.Instance);
        var old = (await store.SaveAsync("alice", "image/jpeg", "old.jpg", [0xFF, 0xD8, 0xFF, 1], quotaBytes: null, default)).Image!;
        clock.Now += TimeSpan.FromDays(20);
        var recent = (await store.SaveAsync("alice", "image/jpeg", "recent.jpg", [0xFF, 0xD8, 0xFF, 2], quotaBytes: null, default)).Image!;

        clock.Now += TimeSpan.FromDays(9); // old: 29 days
        Assert.Equal(0, await retention.SweepAsync(default));
        clock.Now += TimeSpan.FromDays(2); // old: 31 days, recent: 11
        Assert.Equal(1, await retention.SweepAsync(default));

        Assert.Null(await store.FindAsync(old.Id, default));
        Assert.NotNull(await store.FindAsync(recent.Id, default));
    }
}
