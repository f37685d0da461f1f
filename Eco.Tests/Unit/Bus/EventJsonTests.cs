using System.Text;
using System.Text.Json;
using Eco.Actors.Events;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Tests.Unit.Bus;

public sealed class EventJsonTests
{
    private static readonly JobId Job = JobId.Parse("0123456789abcdef0123456789abcdef");

    private static JournalEntry Entry(long seq, string type = JobEventTypes.Token, string? stage = "answer", string? data = "{\"text\":\"페트병\"}") =>
        new(Job, seq, type, new DateTimeOffset(2026, 11, 21, 22, 3, 19, 479, TimeSpan.Zero), stage, data);

    [Fact]
    public void Serialize_ThenParse_GivesTheSameEvent_WithOrWithoutAKnownId()
    {
        var writer = new EventJsonWriter();
        foreach (var entry in new[] { Entry(1), Entry(2, JobEventTypes.Completed, null, null), Entry(3, "custom.type", "vision", "{\"n\":[1,2,{\"a\":null}]}") })
        {
            var utf8 = writer.Serialize(entry).ToArray();
            Assert.Equal(entry, EventJson.Parse(utf8));
            Assert.True(EventJson.TryReadJobId(utf8, out var id));
            Assert.Equal(Job, id);
            Assert.Equal(entry, EventJson.Parse(utf8, id));
        }
    }

    [Fact]
    public void Serialize_ReusesItsBuffer_EachResultIsTheWholeEventAlone()
    {
        var writer = new EventJsonWriter();
        var first = Encoding.UTF8.GetString(writer.Serialize(Entry(1, data: "{\"text\":\"" + new string('x', 3000) + "\"}")).Span);
        var second = Encoding.UTF8.GetString(writer.Serialize(Entry(2)).Span);
        Assert.Contains(new string('x', 3000), first);
        Assert.Equal("{\"job_id\":\"0123456789abcdef0123456789abcdef\",\"seq\":2,\"type\":\"token\",\"ts\":\"2026-11-21T22:03:19.479Z\",\"stage\":\"answer\",\"data\":{\"text\":\"페트병\"}}", second);
    }

    [Fact]
    public void Parse_IgnoresFieldsItDoesNotKnow_AndReadsOtherTimestampShapes()
    {
        var text = "{\"job_id\":\"0123456789abcdef0123456789abcdef\",\"future\":{\"x\":[1]},\"seq\":7,\"type\":\"token\",\"ts\":\"2026-11-21T22:03:19.479+00:00\"}";
        var parsed = EventJson.Parse(Encoding.UTF8.GetBytes(text));
        Assert.Equal(7, parsed.Seq);
        Assert.Equal(Entry(7).Timestamp, parsed.Timestamp);
        Assert.Null(parsed.Stage);
        Assert.Null(parsed.DataJson);
    }

    [Theory]
    [InlineData("{\"seq\":1,\"type\":\"token\",\"ts\":\"2026-11-21T22:03:19.479Z\"}", "job_id is missing")]
    [InlineData("{\"job_id\":\"0123456789abcdef0123456789abcdef\",\"type\":\"token\",\"ts\":\"2026-11-21T22:03:19.479Z\"}", "seq is missing")]
    [InlineData("{\"job_id\":\"0123456789abcdef0123456789abcdef\",\"seq\":\"one\",\"type\":\"token\",\"ts\":\"2026-11-21T22:03:19.479Z\"}", "wrong JSON type")]
    [InlineData("{\"job_id\":\"has space\",\"seq\":1,\"type\":\"token\",\"ts\":\"2026-11-21T22:03:19.479Z\"}", "")]
    public void Parse_RefusesABadEvent_WithAFormatException(string text, string reason)
    {
        var refused = Assert.Throws<FormatException>(() => EventJson.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"job_id\":\"0123456789abcdef0123456789abcdef\",\"seq\":1")]
    public void Parse_RefusesWhatIsNotAJsonObject_WithAJsonException(string text) =>
        Assert.ThrowsAny<JsonException>(() => EventJson.Parse(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Parse_WithAKnownId_RefusesAnEventOfAnotherJob()
    {
        var utf8 = new EventJsonWriter().Serialize(Entry(1)).ToArray();
        Assert.Throws<FormatException>(() => EventJson.Parse(utf8, JobId.Parse("ffffffffffffffffffffffffffffffff")));
    }

    [Theory]
    [InlineData("{\"seq\":1,\"job_id\":\"0123456789abcdef0123456789abcdef\"}")] // not first
    [InlineData("{\"job_id\":42}")]
    [InlineData("garbage")]
    [InlineData("")]
    public void TryReadJobId_IsFalse_WhenTheEventDoesNotStartWithAValidId(string text) =>
        Assert.False(EventJson.TryReadJobId(Encoding.UTF8.GetBytes(text), out _));
}
