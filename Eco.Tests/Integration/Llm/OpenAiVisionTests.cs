using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Eco.FakeLlm;
using Eco.Host.FakeLlm;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Llm;

/// <summary>What a vision model is shown, through the real OpenAI SDK against the fake server: the photo itself as an image part
/// at low detail (its URL, or an upload's bytes), never only its address as text.</summary>
[Trait("Category", "Integration")]
public sealed class OpenAiVisionTests : IAsyncLifetime
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, .. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))];

    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<FakeChatRequest> _visionRequests = new();
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync()
    {
        var domain = DomainFakeBrain.Create();
        _server = await FakeLlmServer.StartAsync(new FakeLlmOptions { MinLatency = TimeSpan.FromMilliseconds(5), MaxLatency = TimeSpan.FromMilliseconds(5) },
            FakeBrain.From(request =>
            {
                if (request.ResponseFormatName == "vision_classification")
                {
                    _visionRequests.Enqueue(request);
                }
                return domain.Respond(request);
            }));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task UploadedPhoto_IsSentAsItsBytes_AndItsFileNameAsText()
    {
        await using var node = await TestNode.StartAsync(_dir.Path, settings: FakeProvider.Chain(_server, "fake-vision"));
        var file = new ByteArrayContent(Jpeg);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var upload = await node.Http.PostAsync("v1/images", new MultipartFormDataContent { { file, "file", "pet_bottle.jpg" } });
        var imageId = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("image_id").GetString()!;

        var jobId = await node.SubmitAsync(new { kind = "scan", image_id = imageId, message = "라벨은 뗐어요" });
        Assert.Equal("completed", (await node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());

        var request = Assert.Single(_visionRequests);
        var user = request.Messages.Last(m => m.Role == "user");
        var image = Assert.Single(user.Images);
        Assert.Equal("data:image/jpeg;base64," + Convert.ToBase64String(Jpeg), image.Url);
        Assert.Equal("low", image.Detail);
        Assert.Contains("pet_bottle.jpg", user.Content);
        Assert.Contains("라벨은 뗐어요", user.Content);
        var vision = Assert.Single(await node.GetEventsAsync(jobId), e => e.Type == "stage.completed" && e.Stage == "vision");
        Assert.Contains("\"hint_source\":\"image\"", vision.Raw); // a remote model looked at the image
    }

    [Fact]
    public async Task PhotoByUrl_IsSentAsAnImagePartWithThatUrl()
    {
        await using var node = await TestNode.StartAsync(_dir.Path, settings: FakeProvider.Chain(_server, "fake-vision"));
        const string url = "https://img.example/uploads/can.jpg";
        var jobId = await node.SubmitAsync(new { kind = "scan", image_url = url });
        Assert.Equal("completed", (await node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());

        var image = Assert.Single(Assert.Single(_visionRequests).Messages.Last(m => m.Role == "user").Images);
        Assert.Equal(url, image.Url);
        Assert.Equal("low", image.Detail);
    }
}
