using System.Collections.Concurrent;
using System.Diagnostics;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Telemetry;

/// <summary>A job's submit is a span of the <c>Eco</c> source with the job id, a child of ASP.NET Core's request span, in the
/// trace the client's <c>traceparent</c> started.</summary>
/// <remarks>The test listens itself (an <see cref="ActivityListener"/>): the node builds its own services, so no exporter can be
/// slipped in, and the spans it would export are the same activities.</remarks>
[Trait("Category", "Integration")]
public sealed class JobTracesTests : NodeTest, IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public JobTracesTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Eco" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task SubmitAsync_WithTraceparent_SpanCarriesTheJobIdUnderTheRequestSpan()
    {
        var trace = ActivityTraceId.CreateRandom();
        var caller = ActivitySpanId.CreateRandom();
        Node.Http.DefaultRequestHeaders.Add("traceparent", $"00-{trace}-{caller}-01");
        var jobId = await Node.SubmitChatAsync("traced");
        Node.Http.DefaultRequestHeaders.Remove("traceparent");

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Activity? submit = null, request = null;
        // The request span stops after the response went out: wait for it, never a fixed time.
        while (submit is null || request is null)
        {
            submit ??= _stopped.FirstOrDefault(a => a.Source.Name == "Eco" && Equals(a.GetTagItem("eco.job_id"), jobId));
            request = submit is null ? null : _stopped.FirstOrDefault(a => a.Source.Name == "Microsoft.AspNetCore" && a.SpanId == submit.ParentSpanId);
            if (submit is null || request is null)
            {
                await Task.Delay(20, deadline.Token);
            }
        }

        Assert.Equal("eco.job.submit", submit.OperationName);
        Assert.Equal(trace, submit.TraceId);
        Assert.Equal(trace, request.TraceId);
        Assert.Equal(caller, request.ParentSpanId);
        Assert.Equal(ActivityKind.Server, request.Kind);
    }
}
