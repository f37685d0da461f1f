using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Telemetry;

/// <summary>A job's trace: the submit is a span of the <c>Eco</c> source with the job id, a child of ASP.NET Core's request span, in
/// the trace the client's <c>traceparent</c> started; each stage is a child of the submit, each model attempt a child of its stage,
/// and each journal write of the job's decisions a child of the submit.</summary>
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

    /// <summary>Submits a chat job as a caller in a trace of its own would: with a <c>traceparent</c> header.</summary>
    private async Task<(string JobId, ActivityTraceId Trace, ActivitySpanId Caller)> SubmitTracedAsync(string message)
    {
        var trace = ActivityTraceId.CreateRandom();
        var caller = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = JsonContent.Create(new { kind = "chat", message }) };
        request.Headers.Add("traceparent", $"00-{trace}-{caller}-01");
        using var response = await Node.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"submit failed: {(int)response.StatusCode}");
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("job_id").GetString()!;
        return (jobId, trace, caller);
    }

    private async Task<T> WaitForAsync<T>(Func<T?> find, string what) where T : class
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        T? found;
        while ((found = find()) is null)
        {
            Assert.False(deadline.IsCancellationRequested, $"timed out waiting for {what}");
            await Task.Delay(20, CancellationToken.None);
        }
        return found;
    }

    [Fact]
    public async Task Job_WithTraceparent_StagesAndModelAttemptsAreSpansUnderTheSubmit()
    {
        var (jobId, trace, _) = await SubmitTracedAsync("traced through its stages");
        await Node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));

        var submit = await WaitForAsync(() => _stopped.FirstOrDefault(a => a.OperationName == "eco.job.submit" && Equals(a.GetTagItem("eco.job_id"), jobId)), "the submit span");
        var stages = await WaitForAsync(() => _stopped.Where(a => a.OperationName == "eco.job.stage" && Equals(a.GetTagItem("eco.job_id"), jobId)).ToList() is { Count: > 0 } s ? s : null,
            "stage spans");
        var attempt = await WaitForAsync(() => _stopped.FirstOrDefault(a => a.OperationName == "eco.model.attempt" && a.TraceId == trace), "a model attempt span");

        Assert.All(stages, stage =>
        {
            Assert.Equal(trace, stage.TraceId);
            Assert.Equal(submit.SpanId, stage.ParentSpanId);
            Assert.NotNull(stage.GetTagItem("eco.stage"));
        });
        Assert.Contains(stages, stage => stage.SpanId == attempt.ParentSpanId);
        Assert.Equal(jobId, attempt.GetTagItem("eco.job_id"));
        Assert.NotNull(attempt.GetTagItem("eco.provider"));
        Assert.Equal("Ok", attempt.GetTagItem("eco.outcome"));
    }

    [Fact]
    public async Task Job_WithTraceparent_EachJournalWriteOfItsDecisionsIsASpanUnderTheSubmit()
    {
        var (jobId, trace, _) = await SubmitTracedAsync("traced into the journal");
        await Node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(60));
        // The job's own decisions (accepted, stage starts and ends, the end) go through spanned writes; streamed tokens do not.
        var decisions = (await Node.GetEventsAsync(jobId)).Count(e => e.Type.StartsWith("job.", StringComparison.Ordinal) || e.Type.StartsWith("stage.", StringComparison.Ordinal));

        var submit = await WaitForAsync(() => _stopped.FirstOrDefault(a => a.OperationName == "eco.job.submit" && Equals(a.GetTagItem("eco.job_id"), jobId)), "the submit span");
        // The last write's span stops in its callback, a moment after the job's end can be read: wait until every decision is spanned.
        var appends = await WaitForAsync(() => _stopped.Where(a => a.OperationName == "eco.journal.append" && Equals(a.GetTagItem("eco.job_id"), jobId)).ToList() is { } s
            && s.Sum(a => (int)a.GetTagItem("eco.events")!) >= decisions ? s : null, $"journal append spans for {decisions} events");

        Assert.True(appends.Count >= 2, "at least the first write (accepted and the first stages) and the last");
        Assert.Equal(decisions, appends.Sum(a => (int)a.GetTagItem("eco.events")!));
        Assert.All(appends, append =>
        {
            Assert.Equal(trace, append.TraceId);
            Assert.Equal(submit.SpanId, append.ParentSpanId);
        });
    }

    [Fact]
    public async Task SubmitAsync_WithTraceparent_SpanCarriesTheJobIdUnderTheRequestSpan()
    {
        var (jobId, trace, caller) = await SubmitTracedAsync("traced");

        // The request span stops after the response went out: wait for it, never a fixed time.
        var submit = await WaitForAsync(() => _stopped.FirstOrDefault(a => a.OperationName == "eco.job.submit" && Equals(a.GetTagItem("eco.job_id"), jobId)), "the submit span");
        var request = await WaitForAsync(() => _stopped.FirstOrDefault(a => a.Source.Name == "Microsoft.AspNetCore" && a.SpanId == submit.ParentSpanId), "its request span");

        Assert.Equal("Eco", submit.Source.Name);
        Assert.Equal(trace, submit.TraceId);
        Assert.Equal(trace, request.TraceId);
        Assert.Equal(caller, request.ParentSpanId);
        Assert.Equal(ActivityKind.Server, request.Kind);
    }
}
