using System.Net.Http.Json;
using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Actors.Sharding;
using Eco.Tests.Integration.Llm;
using Eco.Tests.Support;
using Xunit.Abstractions;

namespace Eco.Tests.MultiNode;

/// <summary>Three real <c>eco serve</c> processes on PostgreSQL + Redis; one is killed with SIGKILL while 120 jobs run.</summary>
[Collection(ChildProcessCollection.Name)]
[Trait("Category", "MultiNode")]
public sealed class ClusterCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillDash9_OneOfThreeNodes_AllJobsFinishOnceWithNoRepeatedModelCall_AndTakeoverIsMeasured()
    {
        await using var cluster = new ClusterHarness(shardCount: 30);
        await using var llm = await FakeProvider.StartAsync(TimeSpan.FromMilliseconds(150), tokensPerSecond: 80);
        var processes = new List<NodeProcess>();
        try
        {
            foreach (var id in new[] { "node-a", "node-b", "node-c" })
            {
                var port = NodeProcess.FreePort();
                var environment = (await cluster.SettingsAsync(id, NodeProcess.FreePort()))
                    .Concat(FakeProvider.Chain(llm, "fake-gpt"))
                    .ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value!);
                processes.Add(await NodeProcess.StartAsync(Path.Combine(Path.GetTempPath(), "eco-tests", Guid.NewGuid().ToString("N")), port, environment));
            }
            await WaitForMembersAsync(processes[0], 3, TimeSpan.FromSeconds(30));

            var jobs = new List<string>();
            foreach (var i in Enumerable.Range(0, 120))
            {
                jobs.Add(await processes[i % 2].SubmitChatAsync(i % 3 == 0 ? "이 페트병 어떻게 버려?" : i % 3 == 1 ? "헌 옷은 어디에 버려?" : "다 쓴 건전지는?"));
            }
            var victim = processes[2]; // node-c: never an entry point, but it holds about a third of the shards
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                while ((await processes[0].GetEventsAsync(jobs[^1])).Count(e => e.Type == "token") < 1)
                {
                    await Task.Delay(20, deadline.Token);
                }
            }
            var victimShards = (await ShardsOfAsync(processes[0], "node-c")).ToHashSet();
            var resolver = new ShardResolver(cluster.ShardCount);
            // What was journaled just before the victim died: those model steps must never be requested again. Calls in flight at
            // the kill may be, once: nothing recorded them. Read before the kill, not after: on a busy machine a read after it could
            // already see a step the new owner redid (and journaled) because the victim's call had not been recorded.
            var journaled = await JournaledModelStepsAsync(cluster);
            // Their calls as the model server counts them now (a retry before the kill, after a reply lost on a busy machine, is
            // the victim's own business): from here on none of them may be called again.
            var callsAtKill = journaled.ToDictionary(step => step, step => llm.Stats.CompletedCalls($"{step.Job}:{step.Stage}"));
            var killedAt = DateTimeOffset.UtcNow;
            victim.KillHard();

            var survivor = processes[0];
            var resumed = 0;
            var takenOver = new List<TimeSpan>();
            foreach (var job in jobs)
            {
                var state = await survivor.WaitForEndAsync(job, TimeSpan.FromSeconds(90));
                Assert.Equal("completed", state.GetProperty("status").GetString());
                var events = await survivor.GetEventsAsync(job);
                Events.AssertContiguousWithOneTerminal(events.Select(e => e.Seq).ToList(), events.Select(e => e.Type).ToList());
                Assert.All(events.Where(e => e.Type == "stage.completed").GroupBy(e => e.Stage), g => Assert.Single(g));
                resumed += events.Count(e => e.Type == "stage.started" && e.Raw.Contains("\"resumed\":true"));
                foreach (var stage in new[] { "classify", "answer" })
                {
                    if (callsAtKill.TryGetValue((job, stage), out var atKill))
                    {
                        Assert.True(atKill >= 1, $"{job}:{stage} was journaled before any call to the model completed");
                        Assert.Equal(atKill, llm.Stats.CompletedCalls($"{job}:{stage}")); // journaled: never called again
                    }
                }
                // Takeover of a job the victim held and had not finished: its first event on the new owner.
                if (victimShards.Contains(resolver.ShardOf(JobId.Parse(job))) && events.FirstOrDefault(e => Timestamp(e) > killedAt) is { } first
                    && events.Any(e => Timestamp(e) <= killedAt))
                {
                    takenOver.Add(Timestamp(first) - killedAt);
                }
            }
            var redone = jobs.SelectMany(j => new[] { "classify", "answer" }.Select(s => llm.Stats.CompletedCalls($"{j}:{s}"))).Count(n => n > 1);
            Assert.NotEmpty(takenOver);
            var takeover = takenOver.Min();
            output.WriteLine($"takeover after kill -9: first event of a taken-over job {takeover.TotalSeconds:F2} s, all {takenOver.Count} of the victim's " +
                             $"unfinished jobs resumed within {takenOver.Max().TotalSeconds:F2} s; {resumed} interrupted stages resumed on new owners; " +
                             $"{journaled.Count} model steps journaled at the kill, none requested again; {redone} calls in flight at the kill were redone");
            Assert.True(takeover < TimeSpan.FromSeconds(8), $"takeover took {takeover}");
            Assert.True(resumed > 0, "the kill interrupted no job; the test proved nothing");
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static DateTimeOffset Timestamp(WireEvent e) => DateTimeOffset.Parse(e.Ts, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<int>> ShardsOfAsync(NodeClient observer, string nodeId)
    {
        var view = await observer.Admin.GetFromJsonAsync<JsonElement>("admin/cluster");
        return [.. view.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node_id").GetString() == nodeId)
            .GetProperty("shards").EnumerateArray().Select(s => s.GetInt32())];
    }

    private static async Task WaitForMembersAsync(NodeClient observer, int count, TimeSpan timeout) =>
        await ClusterHarness.WaitUntilAsync(async () =>
        {
            var view = await observer.Admin.GetFromJsonAsync<JsonElement>("admin/cluster");
            return view.GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("status").GetString() == "up") == count;
        }, timeout, $"{count} members up");

    private static async Task<HashSet<(string Job, string Stage)>> JournaledModelStepsAsync(ClusterHarness cluster)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await Integration.Fixtures.PostgresServer.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand(
            $"SELECT job_id, stage FROM {cluster.Schema}.job_events WHERE type = 'stage.completed' AND stage IN ('classify', 'answer')", connection);
        var steps = new HashSet<(string, string)>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add((reader.GetString(0), reader.GetString(1)));
        }
        return steps;
    }
}
