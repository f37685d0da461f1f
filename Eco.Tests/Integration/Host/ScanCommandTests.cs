using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

/// <summary>The real <c>eco scan</c> against a node on loopback: a photo file is uploaded and scanned, a URL is scanned as it is,
/// and what cannot be scanned is refused with its reason and exit code 2.</summary>
[Trait("Category", "Integration")]
public sealed class ScanCommandTests : IAsyncLifetime
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, .. new byte[300]];

    private readonly TempDirectory _dir = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(_dir.File("node"));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Scan_PhotoFile_IsUploadedThenScanned_WithProgressAndTheAnswer()
    {
        var photo = _dir.File("pet_bottle.jpg");
        await File.WriteAllBytesAsync(photo, Jpeg);

        var (exit, answer, progress) = await Run(_node, photo, "--message", "라벨은 뗐어요");
        Assert.Equal(0, exit);
        Assert.Contains("uploading pet_bottle.jpg", progress);
        Assert.Contains("▸ vision", progress);
        Assert.Contains("✓ reward", progress);
        // stdout is the whole final answer: the streamed text, then what the job added to it (the reward, which is not streamed)
        var jobId = System.Text.RegularExpressions.Regex.Match(progress, "job ([0-9a-f]{32})").Groups[1].Value;
        using var admin = _node.ClientWith(_node.AdminToken); // the CLI's job is its own user's
        var final = (await _node.WaitForEndAsyncAs(admin, jobId, TimeSpan.FromSeconds(30))).GetProperty("answer").GetString()!;
        Assert.Contains("\n\n", final[^200..]); // a reward message follows the answer
        Assert.Equal(final, answer.TrimEnd('\n'));

        (exit, var json, _) = await Run(_node, photo, "--json");
        Assert.Equal(0, exit);
        var accepted = WireEvent.Parse(json.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.Equal("job.accepted", accepted.Type);
        Assert.Matches("\"image_id\":\"img_[0-9a-f]{32}\"", accepted.Raw);
    }

    [Fact]
    public async Task Scan_Url_IsScannedAsItIs()
    {
        var (exit, json, _) = await Run(_node, "https://img.example/uploads/can.jpg", "--json");
        Assert.Equal(0, exit);
        Assert.Contains("\"image_url\":\"https://img.example/uploads/can.jpg\"", WireEvent.Parse(json.Split('\n')[0]).Raw);
    }

    [Fact]
    public async Task Scan_WhatCannotBeScanned_ExitsWith2AndSaysWhy()
    {
        var (exit, _, progress) = await Run(_node, _dir.File("missing.jpg"));
        Assert.Equal(2, exit);
        Assert.Contains("cannot read the photo", progress);

        var text = _dir.File("notes.txt");
        await File.WriteAllTextAsync(text, "not a photo");
        (exit, _, progress) = await Run(_node, text);
        Assert.Equal(2, exit);
        Assert.Contains("the node refused the photo (415): the photo must be a JPEG, PNG, WebP or GIF image", progress);
    }

    private static Task<(int Exit, string Out, string Err)> Run(TestNode node, string photo, params string[] more) =>
        EcoCommand.RunAsync(["scan", photo, "--url", node.BaseUri.ToString(), "--data-dir", node.DataDir, .. more]);
}
