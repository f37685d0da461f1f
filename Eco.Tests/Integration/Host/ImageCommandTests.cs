using System.Text.Json;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

/// <summary>The real <c>eco images list|delete</c> against a node on loopback, on photos <c>eco scan</c> uploaded: a table and
/// JSON of the user's photos and allowance, deletes that make room, and refusals with their reason and exit code 2.</summary>
[Trait("Category", "Integration")]
public sealed class ImageCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() =>
        _node = await TestNode.StartAsync(_dir.File("node"), settings: new Dictionary<string, string?> { ["Eco:Images:QuotaBytes"] = "1048576" });

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Images_UploadedByScans_AreListedWithTheAllowance_AndDeletedById()
    {
        var (exit, table, progress) = await Run(["images", "list"]);
        Assert.Equal(0, exit);
        Assert.Equal("no photos stored", table.Trim());

        foreach (var (name, fill) in new[] { ("pet_bottle.jpg", (byte)1), ("can.jpg", (byte)2) })
        {
            var photo = _dir.File(name);
            await File.WriteAllBytesAsync(photo, [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Repeat(fill, 2044)]);
            Assert.Equal(0, (await Run(["scan", photo, "--json"])).Exit);
        }

        (exit, table, _) = await Run(["images", "list"]);
        Assert.Equal(0, exit);
        Assert.Contains("ID", table);
        Assert.Contains("pet_bottle.jpg", table);
        Assert.Contains("2 KiB", table);
        Assert.Contains("2 photos take 4 KiB of the 1 MiB allowed", table);

        (exit, var json, _) = await Run(["images", "list", "--json", "--limit", "1"]);
        Assert.Equal(0, exit);
        var listed = JsonDocument.Parse(json).RootElement;
        Assert.Equal(2, listed.GetProperty("count").GetInt32());
        var newest = Assert.Single(listed.GetProperty("images").EnumerateArray()).GetProperty("image_id").GetString()!;

        (exit, json, _) = await Run(["images", "delete", newest, "--json"]);
        Assert.Equal(0, exit);
        Assert.Equal(newest, Assert.Single(JsonDocument.Parse(json).RootElement.GetProperty("deleted").EnumerateArray()).GetString());
        (exit, table, _) = await Run(["images", "list"]);
        Assert.Contains("1 photo takes 2 KiB", table);
        Assert.DoesNotContain(newest, table);

        (exit, _, progress) = await Run(["images", "delete", newest]);
        Assert.Equal(2, exit);
        Assert.Contains($"eco: {newest} not deleted (404): no photo with id", progress);
        (exit, _, progress) = await Run(["images", "list", "--limit", "0"]);
        Assert.Equal(2, exit);
        Assert.Contains("limit must be a whole number from 1 to 1000", progress);
    }

    private Task<(int Exit, string Out, string Err)> Run(string[] arguments) =>
        EcoCommand.RunAsync([.. arguments, "--url", _node.BaseUri.ToString(), "--data-dir", _node.DataDir]);
}
