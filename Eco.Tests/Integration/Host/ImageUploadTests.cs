using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Host;

/// <summary>Photos uploaded for scans, over the node's public API: stored once, read back by their owner alone, scanned by id.</summary>
[Trait("Category", "Integration")]
public sealed class ImageUploadTests : IAsyncLifetime
{
    // A JPEG's signature and a little of its header, then filler: the node reads the format from the bytes, not the pixels.
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, .. Enumerable.Range(0, 500).Select(i => (byte)i)];
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[100]];

    private readonly TempDirectory _dir = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() =>
        _node = await TestNode.StartAsync(_dir.Path, settings: new Dictionary<string, string?> { ["Eco:Images:MaxBytes"] = "4096" });

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Upload_AsBodyOrAsForm_IsOneImage_AndItsOwnerReadsTheSameBytesBack()
    {
        using var raw = await ImageUploads.PostAsync(_node.Http, Jpeg, "image/jpeg", "pet_bottle.jpg");
        Assert.Equal(HttpStatusCode.Created, raw.StatusCode);
        var image = await JsonAsync(raw);
        var id = image.GetProperty("image_id").GetString()!;
        Assert.Matches("^img_[0-9a-f]{32}$", id);
        Assert.Equal("image/jpeg", image.GetProperty("content_type").GetString());
        Assert.Equal(Jpeg.Length, image.GetProperty("bytes").GetInt32());
        Assert.Equal("pet_bottle.jpg", image.GetProperty("name").GetString());
        Assert.Equal($"/v1/images/{id}", raw.Headers.Location?.OriginalString);

        // The same bytes again, as a browser's form sends them (a whole Windows path as the file name, a wrong declared type):
        // the same image, its first name kept.
        using var form = await UploadFormAsync(_node.Http, Jpeg, @"C:\Users\me\Pictures\other.png", "image/png");
        Assert.Equal(HttpStatusCode.Created, form.StatusCode);
        Assert.Equal(id, (await JsonAsync(form)).GetProperty("image_id").GetString());

        using var read = await _node.Http.GetAsync($"v1/images/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("image/jpeg", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Jpeg, await read.Content.ReadAsByteArrayAsync());
        Assert.Contains("private", read.Headers.CacheControl?.ToString());

        using var png = await UploadFormAsync(_node.Http, Png, "bottle.png", "application/octet-stream");
        var pngImage = await JsonAsync(png);
        Assert.Equal("image/png", pngImage.GetProperty("content_type").GetString()); // told by its bytes
        Assert.Equal("bottle.png", pngImage.GetProperty("name").GetString());
        Assert.NotEqual(id, pngImage.GetProperty("image_id").GetString());
    }

    [Fact]
    public async Task Upload_OfWhatIsNotAPhoto_OrTooLarge_IsRefusedWithItsReason()
    {
        await AssertRefusedAsync(await ImageUploads.PostAsync(_node.Http, "hello, not a photo"u8.ToArray(), "image/jpeg", "x.jpg"), HttpStatusCode.UnsupportedMediaType, "JPEG, PNG, WebP or GIF");
        await AssertRefusedAsync(await ImageUploads.PostAsync(_node.Http, [], "image/jpeg", null), HttpStatusCode.BadRequest, "empty");
        byte[] large = [.. Jpeg, .. new byte[5000]];
        await AssertRefusedAsync(await ImageUploads.PostAsync(_node.Http, large, "image/jpeg", "big.jpg"), HttpStatusCode.RequestEntityTooLarge, "4,096 bytes");
        await AssertRefusedAsync(await UploadFormAsync(_node.Http, large, "big.jpg", "image/jpeg"), HttpStatusCode.RequestEntityTooLarge, "4,096 bytes");
        using var noFile = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
        await AssertRefusedAsync(await _node.Http.PostAsync("v1/images", noFile), HttpStatusCode.BadRequest, "'file' field");
        using var anonymous = _node.ClientWith(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ImageUploads.PostAsync(anonymous, Jpeg, "image/jpeg", "a.jpg")).StatusCode);
    }

    [Fact]
    public async Task Photo_IsItsOwnersAlone_NeitherReadNorScannedByAnother()
    {
        using var alice = _node.ClientWith(_node.Tokens.Issue("alice", admin: false, TimeSpan.FromHours(1)).Token);
        var id = (await JsonAsync(await ImageUploads.PostAsync(alice, Jpeg, "image/jpeg", "pet_bottle.jpg"))).GetProperty("image_id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"v1/images/{id}")).StatusCode);

        await AssertRefusedAsync(await _node.Http.GetAsync($"v1/images/{id}"), HttpStatusCode.NotFound, "no photo");
        await AssertRefusedAsync(await PostJobAsync(new { kind = "scan", image_id = id }), HttpStatusCode.BadRequest, "upload it with POST /v1/images");
        await AssertRefusedAsync(await _node.Http.GetAsync("v1/images/not-an-id"), HttpStatusCode.NotFound, "no photo");
    }

    [Fact]
    public async Task Scan_OfAnUploadedPhoto_IsJournaledByItsId_AndClassifiedFromItsFileName()
    {
        var id = (await JsonAsync(await UploadFormAsync(_node.Http, Jpeg, "pet_bottle.jpg", "image/jpeg"))).GetProperty("image_id").GetString()!;
        var jobId = await _node.SubmitAsync(new { kind = "scan", image_id = id });
        var state = await _node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", state.GetProperty("status").GetString());

        var events = await _node.GetEventsAsync(jobId);
        var accepted = Assert.Single(events, e => e.Type == "job.accepted");
        Assert.Contains($"\"image_id\":\"{id}\"", accepted.Raw);
        Assert.DoesNotContain("image_url", accepted.Raw);
        var vision = Assert.Single(events, e => e.Type == "stage.completed" && e.Stage == "vision");
        Assert.Contains("페트병", vision.Raw);     // the offline model read the upload's file name …
        Assert.Contains("filename", vision.Raw); // … and says so
    }

    [Fact]
    public async Task Scan_NeedsExactlyOnePhoto_AndAWellFormedOne()
    {
        await AssertRefusedAsync(await PostJobAsync(new { kind = "scan" }), HttpStatusCode.BadRequest, "needs one photo");
        await AssertRefusedAsync(await PostJobAsync(new { kind = "scan", image_url = "https://img.example/a.jpg", image_id = "img_0123456789abcdef0123456789abcdef" }),
            HttpStatusCode.BadRequest, "needs one photo");
        await AssertRefusedAsync(await PostJobAsync(new { kind = "scan", image_id = "../../etc/passwd" }), HttpStatusCode.BadRequest, "no photo with id");
        await AssertRefusedAsync(await PostJobAsync(new { kind = "scan", image_url = "ftp://img.example/a.jpg" }), HttpStatusCode.BadRequest, "http(s) URL");
    }

    [Fact]
    public async Task Photos_PastTheUsersAllowance_AreRefused_UntilTheyDeleteSome()
    {
        using var dir = new TempDirectory();
        await using var node = await TestNode.StartAsync(dir.Path, settings: new Dictionary<string, string?> { ["Eco:Images:QuotaBytes"] = "1200" });
        using var alice = node.ClientWith(node.Tokens.Issue("alice", admin: false, TimeSpan.FromHours(1)).Token);
        using var bob = node.ClientWith(node.Tokens.Issue("bob", admin: false, TimeSpan.FromHours(1)).Token);
        byte[] Photo(byte fill, int size) => [.. Jpeg[..11], .. Enumerable.Repeat(fill, size - 11)];
        var first = await ImageUploads.IdOfAsync(await ImageUploads.PostAsync(alice, Photo(1, 600), "image/jpeg", "first.jpg"));
        var second = await ImageUploads.IdOfAsync(await ImageUploads.PostAsync(alice, Photo(2, 600), "image/jpeg", "second.jpg")); // exactly the allowance

        await AssertRefusedAsync(await ImageUploads.PostAsync(alice, Photo(3, 100), "image/jpeg", "third.jpg"), HttpStatusCode.Forbidden,
            "this photo (100 bytes) does not fit: your 2 stored photos take 1.2 KiB of the 1.2 KiB allowed; delete some");
        Assert.Equal(first, await ImageUploads.IdOfAsync(await UploadFormAsync(alice, Photo(1, 600), "first.jpg", "image/jpeg"))); // stored already: no more room needed
        await ImageUploads.IdOfAsync(await ImageUploads.PostAsync(bob, Photo(3, 100), "image/jpeg", "third.jpg")); // the allowance is each user's

        var mine = await JsonAsync(await alice.GetAsync("v1/images"));
        Assert.Equal((2, 1200L, 1200L), (mine.GetProperty("count").GetInt32(), mine.GetProperty("used_bytes").GetInt64(), mine.GetProperty("quota_bytes").GetInt64()));
        Assert.Equal([first, second], mine.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("image_id").GetString()!).Order());
        Assert.All(mine.GetProperty("images").EnumerateArray(), i => Assert.Equal(600, i.GetProperty("bytes").GetInt32()));
        Assert.Single((await JsonAsync(await alice.GetAsync("v1/images?limit=1"))).GetProperty("images").EnumerateArray());
        await AssertRefusedAsync(await alice.GetAsync("v1/images?limit=0"), HttpStatusCode.BadRequest, "limit must be a whole number from 1 to 1000");

        await AssertRefusedAsync(await bob.DeleteAsync($"v1/images/{first}"), HttpStatusCode.NotFound, "no photo"); // not bob's
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"v1/images/{first}")).StatusCode);
        await AssertRefusedAsync(await alice.DeleteAsync($"v1/images/{first}"), HttpStatusCode.NotFound, "no photo");
        await AssertRefusedAsync(await alice.GetAsync($"v1/images/{first}"), HttpStatusCode.NotFound, "no photo");
        await ImageUploads.IdOfAsync(await ImageUploads.PostAsync(alice, Photo(3, 100), "image/jpeg", "third.jpg")); // room again
        Assert.Equal(700, (await JsonAsync(await alice.GetAsync("v1/images"))).GetProperty("used_bytes").GetInt64());
    }

    [Fact]
    public async Task Photos_UploadedAtTheSameMoment_NeverTakeAUserPastTheAllowance()
    {
        using var dir = new TempDirectory();
        await using var node = await TestNode.StartAsync(dir.Path, settings: new Dictionary<string, string?> { ["Eco:Images:QuotaBytes"] = "1000" });
        // Ten different 300-byte photos at once against 1,000 bytes allowed: exactly three fit.
        var uploads = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            ImageUploads.PostAsync(node.Http, [.. Jpeg[..11], .. Enumerable.Repeat((byte)i, 289)], "image/jpeg", $"{i}.jpg")));
        Assert.Equal(3, uploads.Count(u => u.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, uploads.Count(u => u.StatusCode == HttpStatusCode.Forbidden));
        Assert.Equal(900, (await JsonAsync(await node.Http.GetAsync("v1/images"))).GetProperty("used_bytes").GetInt64());
        foreach (var upload in uploads)
        {
            upload.Dispose();
        }
    }

    private Task<HttpResponseMessage> PostJobAsync(object body) =>
        _node.Http.PostAsync("v1/jobs", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> UploadFormAsync(HttpClient http, byte[] bytes, string fileName, string declaredType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        return http.PostAsync("v1/images", form);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
            Assert.Contains(reason, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        }
    }
}
