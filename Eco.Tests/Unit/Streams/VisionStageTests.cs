using Eco.Actors.Images;
using Eco.Actors.Jobs;
using Eco.Streams.Llm;
using Eco.Streams.Scan;
using Eco.Tests.Support;

namespace Eco.Tests.Unit.Streams;

/// <summary>The vision stage reads an uploaded photo from a real SQLite image store: the model is shown its bytes; a photo deleted
/// before the stage read it fails the stage at once (no retry can bring it back), and the model is never called.</summary>
public sealed class VisionStageTests : IDisposable
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Range(0, 200).Select(i => (byte)i)];

    private readonly TempDirectory _dir = new();

    private sealed class RecordingModel : IChatModel
    {
        public List<ModelRequest> Requests { get; } = [];
        public string Provider => "recording";
        public IAsyncEnumerable<string> StreamAsync(ModelRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new ModelReply("""{"major":"재활용폐기물","middle":"페트병","minor":null,"situation_tags":[]}""", Provider));
        }
    }

    private sealed class NoEvents : IStageSink
    {
        public ValueTask EmitTokenAsync(string text, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public ValueTask EmitEventAsync(string type, string dataJson, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public bool MayAct => true;
    }

    public void Dispose() => _dir.Dispose();

    private static StageRun ScanOf(string imageId) =>
        new("vision", 1, JobState.Empty(JobId.New()) with { Spec = new JobSpec("scan", "", null) { ImageId = imageId } });

    [Fact]
    public async Task UploadedPhoto_IsShownToTheModel_AsItsBytes()
    {
        var store = new SqliteImageStore(_dir.File("images.db"), TimeProvider.System);
        var photo = (await store.SaveAsync("alice", "image/jpeg", "bottle.jpg", Jpeg, quotaBytes: null, default)).Image!;
        var model = new RecordingModel();

        var output = await new VisionStage(model, store).RunAsync(ScanOf(photo.Id), new NoEvents(), default);

        var task = Assert.IsType<ClassifyImageTask>(Assert.Single(model.Requests).Task);
        Assert.Equal("bottle.jpg", task.ImageName);
        Assert.Equal(Jpeg, task.Image?.Bytes?.ToArray());
        Assert.Equal("image/jpeg", task.Image?.MediaType);
        Assert.Contains("페트병", output);
    }

    [Fact]
    public async Task PhotoDeletedBeforeTheStageReadIt_FailsTheStageAtOnce_WithoutCallingTheModel()
    {
        var store = new SqliteImageStore(_dir.File("images.db"), TimeProvider.System);
        var photo = (await store.SaveAsync("alice", "image/jpeg", "bottle.jpg", Jpeg, quotaBytes: null, default)).Image!;
        Assert.True(await store.DeleteAsync(photo.Id, "alice", default));
        var model = new RecordingModel();

        var failure = await Assert.ThrowsAsync<StageUnavailableException>(
            () => new VisionStage(model, store).RunAsync(ScanOf(photo.Id), new NoEvents(), default));

        Assert.Contains($"the photo {photo.Id} was deleted before the scan read it", failure.Message);
        Assert.Empty(model.Requests);
    }
}
