using System.Net.Http.Headers;
using Eco.Host.Auth;
using Eco.Host.Limits;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Eco.Actors.Journal.Postgres;
using Eco.FakeLlm;
using Eco.Host.FakeLlm;
using Eco.Host.Load;
using Eco.Host.Streaming;
using Npgsql;

namespace Eco.Host.Chaos;

/// <summary>
/// Runs a bounded chaos scenario on loopback: the fake LLM in this process, N <c>eco serve</c> cluster nodes as child processes
/// on the given PostgreSQL and Redis, virtual users that reconnect by last seq, kill -9 of a random node every interval
/// (restarted after a pause), an optional fault storm; then checks every accepted job with <see cref="InvariantChecker"/>.
/// </summary>
internal sealed class ChaosRunner(ChaosOptions options, IChaosInfrastructure infrastructure, TextWriter progress)
{
    private static readonly string[] Chats = ["이 페트병 어떻게 버려?", "깨진 유리컵은 어디에 버려요?", "다 쓴 건전지는?", "헌 옷은 어디에 버려?", "우유팩 분리배출 방법"];
    private static readonly string[] Scans = ["pet_bottle.jpg", "can.jpg", "glass_bottle.png", "battery.jpg"];

    private readonly string _schema = "chaos_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _cluster = "chaos-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "eco-chaos-" + Guid.NewGuid().ToString("N"));
    private bool _keepLogs;
    private readonly List<ChaosNode> _nodes = [];
    // One node disruption at a time (a kill, a freeze, a leave), each until its node is back: a cluster of N survives the loss of
    // fewer than half of its nodes at once, and that is what a run checks, not what losing a majority does.
    private readonly SemaphoreSlim _nodeDisruption = new(1, 1);
    // Set once the run has made the kills it promises (MinKills), or the kill loop is over: the leave and the freeze wait for it.
    private readonly TaskCompletionSource _killsMade = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly HttpClient _admin = new() { Timeout = TimeSpan.FromSeconds(10) };
    private string _userToken = "";
    private readonly Stopwatch _clock = new();
    private bool _loadOver;
    private int _submitRetries;
    private int _rejected;

    private string KeyFile => Path.Combine(_root, SharedSecret.FileName);

    public async Task<ChaosReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var llm = await FakeLlmServer.StartAsync(new FakeLlmOptions
        {
            MinLatency = options.Latency,
            MaxLatency = options.Latency * 2,
            TokensPerSecond = 400,
        }, DomainFakeBrain.Create(), cancellationToken);
        try
        {
            // Every node checks tokens with one shared key; the load is one user's, the operations an admin's.
            Directory.CreateDirectory(_root);
            await File.WriteAllTextAsync(KeyFile, SharedSecret.NewKeyText(), cancellationToken);
            var tokens = new TokenIssuer(SharedSecret.Parse(await File.ReadAllTextAsync(KeyFile, cancellationToken), KeyFile), TimeProvider.System);
            var lifetime = options.Duration + TimeSpan.FromHours(1);
            _userToken = tokens.Issue("chaos", admin: false, lifetime).Token;
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _userToken);
            _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue("chaos-admin", admin: true, lifetime).Token);
            for (var i = 0; i < options.Nodes; i++)
            {
                _nodes.Add(new ChaosNode($"node-{(char)('a' + i)}", Path.Combine(_root, $"node-{i}"), NodeLauncher.FreePort()));
            }
            foreach (var node in _nodes)
            {
                Start(node, llm.BaseUri);
                await WaitReadyAsync(node, cancellationToken); // the first node forms the cluster; the others join it through the seeds
            }
            await WaitForMembersAsync(victim: null, TimeSpan.FromSeconds(60), cancellationToken);
            await progress.WriteLineAsync($"eco chaos: {options.Nodes} nodes (cluster {_cluster}, schema {_schema}), {options.Vus} VUs for {options.Duration.TotalSeconds:0} s, " +
                $"kill -9 every {options.KillEvery.TotalSeconds:0} s (down {options.DownFor.TotalSeconds:0} s)" +
                (options.StormAt is { } at ? $", fault storm at {at.TotalSeconds:0} s for {options.StormFor.TotalSeconds:0} s" : ""));

            _clock.Start();
            var observed = new ConcurrentBag<ObservedJob>();
            using var usersStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            usersStop.CancelAfter(options.LongestLoad + options.Drain);
            var users = Enumerable.Range(0, options.Vus).Select(vu => RunUserAsync(vu, observed, usersStop.Token)).ToArray();
            var stormTask = options.StormAt is { } stormAt
                ? AtAsync<StormRecord?>(stormAt, async () => await StormAsync(llm, stormAt, cancellationToken), cancellationToken)
                : Task.FromResult<StormRecord?>(null);
            var timed = new List<Task<DisruptionRecord>>();
            if (options.LeaveAt is { } leaveAt) timed.Add(AtAsync(leaveAt, () => OneAtATimeAsync(() => LeaveAndRejoinAsync(llm.BaseUri, cancellationToken), cancellationToken), cancellationToken));
            if (options.RedisRestartAt is { } redisAt) timed.Add(AtAsync(redisAt, () => RestartAsync("redis restart", "redis", infrastructure.RestartRedis!), cancellationToken));
            if (options.PostgresRestartAt is { } pgAt) timed.Add(AtAsync(pgAt, () => RestartAsync("postgres restart", "postgres", infrastructure.RestartPostgres!), cancellationToken));
            if (options.FreezeAt is { } freezeAt) timed.Add(AtAsync(freezeAt, () => OneAtATimeAsync(() => FreezeAndThawAsync(llm.BaseUri, cancellationToken), cancellationToken), cancellationToken));
            var kills = await KillLoopAsync(llm.BaseUri, cancellationToken);
            await DelayUntilAsync(options.Duration, cancellationToken);
            Volatile.Write(ref _loadOver, true); // users finish the jobs they have and submit no more
            usersStop.CancelAfter(options.Drain);
            var storm = await stormTask;
            kills.AddRange(await Task.WhenAll(timed));
            kills.Sort((a, b) => a.At.CompareTo(b.At));
            await Task.WhenAll(users.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            var elapsed = _clock.Elapsed;
            await progress.WriteLineAsync($"[{elapsed.TotalSeconds,5:0}s] load done: {observed.Count} jobs accepted; reading every journal …");

            var jobs = observed.ToList();
            var journal = await ReadJournalsAsync(jobs, cancellationToken);
            var verdict = InvariantChecker.Check(jobs, journal, llm.Stats.RequestTimes);
            var logs = _nodes.Select(n => (n.Id, ChildNode.LogPath(n.DataDir))).ToList();
            var startedBySweep = await NodeLogExcerpt.StartedBySweepAsync(logs, cancellationToken);
            if (verdict.Violations > 0 || startedBySweep.Count > 0)
            {
                _keepLogs = true; // the post-mortem needs them
                await NodeLogExcerpt.WriteAsync(logs, verdict.UnfinishedJobIds, "never ended", progress, cancellationToken);
                await NodeLogExcerpt.WriteAsync(logs, startedBySweep, "was run by no node until the idle-job sweep started it", progress, cancellationToken);
            }
            return new ChaosReport(options, elapsed, [.. kills.Select(k => Resumed(k, journal))], storm, jobs.Sum(j => j.Reconnects), _submitRetries, _rejected,
                llm.Stats.RequestsByOutcome, verdict) { StartedBySweep = startedBySweep };
        }
        finally
        {
            foreach (var node in _nodes)
            {
                node.Kill();
            }
            await DropSchemaAsync();
            _http.Dispose();
            _admin.Dispose();
            try
            {
                if (_keepLogs || Environment.GetEnvironmentVariable("ECO_CHAOS_KEEP") is { Length: > 0 })
                {
                    await progress.WriteLineAsync($"eco chaos: node logs kept in {_root}/node-*/node.log");
                }
                else
                {
                    Directory.Delete(_root, recursive: true);
                }
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    private void Start(ChaosNode node, Uri llm)
    {
        node.Port = NodeLauncher.FreePort();
        var settings = NodeLauncher.FakeModelSettings(llm);
        settings["Eco:Llm:Providers:fake:Limits:AttemptTimeout"] = "00:00:10";
        settings["Eco:Llm:Providers:fake:OpenAi:NetworkTimeout"] = "00:00:05"; // a stream stalled mid-way is cut after 5 s of silence
        settings["Eco:Llm:Providers:fake:Limits:RetryDelay"] = "00:00:00.100";
        settings["Eco:Llm:Providers:fake:Limits:MaxRetries"] = "10";
        settings["Eco:Journal:Provider"] = "postgres";
        settings["Eco:Journal:Postgres:ConnectionString"] = infrastructure.Postgres;
        settings["Eco:Journal:Postgres:Schema"] = _schema;
        settings["Eco:Cluster:Enabled"] = "true";
        settings["Eco:Auth:SigningKeyFile"] = KeyFile;
        // The load is one user's many clients: per-user limits would be what the run measures, not the cluster.
        foreach (var (key, value) in UserLimitOptions.Unbounded)
        {
            settings[key] = value;
        }
        settings["Eco:Jobs:ResumeIdleAfter"] = ChaosOptions.ResumeIdleAfter.ToString();
        settings["Eco:Cluster:NodeId"] = node.Id;
        settings["Eco:Cluster:Name"] = _cluster;
        settings["Eco:Cluster:Redis"] = infrastructure.Redis + ",connectTimeout=1000";
        settings["Eco:Cluster:ShardCount"] = options.ShardCount.ToString(CultureInfo.InvariantCulture);
        settings["Eco:Cluster:Port"] = node.RemotingPort.ToString(CultureInfo.InvariantCulture); // the same across restarts: it is a seed
        for (var i = 0; i < _nodes.Count; i++)
        {
            settings[$"Eco:Cluster:Seeds:{i}"] = $"127.0.0.1:{_nodes[i].RemotingPort}";
        }
        settings["Akka:Hocon"] = $"eco.shard-lease {{ heartbeat-timeout = {ChaosOptions.LeaseTtl.TotalMilliseconds:0}ms, heartbeat-interval = {ChaosOptions.LeaseTtl.TotalMilliseconds / 4:0}ms }}";
        node.Child = ChildNode.Start(node.DataDir, node.Port, settings);
    }

    private async Task WaitReadyAsync(ChaosNode node, CancellationToken cancellationToken)
    {
        await node.Child!.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        node.Up = true;
    }

    private ChaosNode PickUp(Random random)
    {
        lock (_nodes)
        {
            var up = _nodes.Where(n => n.Up).ToList();
            return up.Count == 0 ? _nodes[0] : up[random.Next(up.Count)];
        }
    }

    private async Task RunUserAsync(int vu, ConcurrentBag<ObservedJob> observed, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed * 7919 + vu);
        await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1000)), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        for (var n = 0; !Volatile.Read(ref _loadOver) && !cancellationToken.IsCancellationRequested; n++)
        {
            var scan = random.Next(2) == 0;
            object body = scan
                ? new { kind = "scan", image_url = $"https://img.example/uploads/{Scans[n % Scans.Length]}" }
                : new { kind = "chat", message = Chats[(vu + n) % Chats.Length] };
            var jobId = await SubmitAsync(body, $"chaos-{vu}-{n}", random, cancellationToken);
            if (jobId is null)
            {
                Interlocked.Increment(ref _rejected);
                continue;
            }
            observed.Add(await WatchAsync(jobId, random, cancellationToken));
        }
    }

    /// <summary>Submits until some node accepts; the idempotency key makes a retry after a lost answer return the same job.</summary>
    private async Task<string?> SubmitAsync(object body, string key, Random random, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 40 && !cancellationToken.IsCancellationRequested; attempt++)
        {
            var node = PickUp(random);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node.BaseUri, "v1/jobs")) { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    return doc.RootElement.GetProperty("job_id").GetString();
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // the node died under us: try another
            }
            Interlocked.Increment(ref _submitRetries);
            await Task.Delay(250, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        return null;
    }

    /// <summary>Watches a job to its terminal event, reconnecting (to any live node) with the last seq seen, as a real client does.</summary>
    private async Task<ObservedJob> WatchAsync(string jobId, Random random, CancellationToken cancellationToken)
    {
        var received = new List<long>();
        var reconnects = 0;
        long last = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var node = PickUp(random);
            try
            {
                using var socket = new ClientWebSocket();
                socket.Options.SetRequestHeader("Authorization", $"Bearer {_userToken}");
                await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.Port}/v1/jobs/{jobId}/stream?after_seq={last}"), cancellationToken);
                var reader = new WebSocketJsonReader(socket);
                while (true)
                {
                    using var doc = await reader.ReadAsync(cancellationToken);
                    if (doc is null)
                    {
                        break;
                    }
                    last = doc.RootElement.GetProperty("seq").GetInt64();
                    received.Add(last);
                    if (doc.RootElement.GetProperty("type").GetString() is "job.completed" or "job.failed")
                    {
                        return new ObservedJob(jobId, received, reconnects);
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or JsonException)
            {
                // the node died or the socket broke: reconnect below
            }
            catch (OperationCanceledException)
            {
                break;
            }
            reconnects++;
            await Task.Delay(200, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        return new ObservedJob(jobId, received, reconnects);
    }

    private async Task<List<DisruptionRecord>> KillLoopAsync(Uri llm, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed);
        var kills = new List<DisruptionRecord>();
        // Until the load's end, and past it (no further than LongestLoad) while fewer than MinKills were made.
        bool Due(TimeSpan at) => at + options.DownFor < (kills.Count < options.MinKills ? options.LongestLoad : options.Duration);
        if (options.MinKills <= 0)
        {
            _killsMade.TrySetResult();
        }
        try
        {
            for (var at = options.KillEvery; Due(at); at += options.KillEvery)
            {
                await DelayUntilAsync(at, cancellationToken);
                await _nodeDisruption.WaitAsync(cancellationToken);
                try
                {
                    if (!Due(_clock.Elapsed))
                    {
                        break; // the previous disruption ran long: the load is over, and a kill now would take nothing over
                    }
                    if (await TakeDownHolderAsync(random, cancellationToken) is not { } victim)
                    {
                        continue; // only one node is up: killing it would test nothing but an outage
                    }
                    kills.Add(await KillAndRestartAsync(victim, llm, cancellationToken));
                    if (kills.Count >= options.MinKills)
                    {
                        _killsMade.TrySetResult();
                    }
                }
                finally
                {
                    _nodeDisruption.Release();
                }
            }
            return kills;
        }
        finally
        {
            _killsMade.TrySetResult(); // however the loop ends, the leave and the freeze are not held back
        }
    }

    private async Task<DisruptionRecord> KillAndRestartAsync(ChaosNode victim, Uri llm, CancellationToken cancellationToken)
    {
        {
            var shards = await ShardsOfAsync(victim, cancellationToken);
            var killedAt = _clock.Elapsed;
            var wall = DateTimeOffset.UtcNow;
            victim.Kill();
            var removed = await WaitForMembersAsync(victim, TimeSpan.FromSeconds(30), cancellationToken);
            await progress.WriteLineAsync($"[{killedAt.TotalSeconds,5:0}s] kill -9 {victim.Id} ({shards.Count} shards): " +
                (removed is { } t ? $"out of the cluster in {t.TotalSeconds:0.0} s" : "NOT out of the cluster within 30 s"));
            var down = killedAt + options.DownFor - _clock.Elapsed;
            if (down > TimeSpan.Zero)
            {
                await Task.Delay(down, cancellationToken);
            }
            Start(victim, llm);
            await WaitReadyAsync(victim, cancellationToken);
            return new DisruptionRecord("kill -9", victim.Id, killedAt, removed, IsTakeover: true) { Wall = wall, Shards = shards };
        }
    }

    /// <summary>Marks a random live node as down (so no user picks it), keeping at least one other up; null if there is none to spare.</summary>
    private ChaosNode? TakeDown(Random random)
    {
        lock (_nodes)
        {
            var up = _nodes.Where(n => n.Up).ToList();
            if (up.Count < 2)
            {
                return null;
            }
            var victim = up[random.Next(up.Count)];
            victim.Up = false;
            return victim;
        }
    }

    private async Task<DisruptionRecord> OneAtATimeAsync(Func<Task<DisruptionRecord>> disruption, CancellationToken cancellationToken)
    {
        // The kills the run promises come first. The kill loop takes its next turn only after its last node is back, so a leave or a
        // freeze that queued during a slow restart went ahead of it, and on a busy machine they used up the time for the second kill.
        await _killsMade.Task.WaitAsync(cancellationToken);
        await _nodeDisruption.WaitAsync(cancellationToken);
        try
        {
            return await disruption();
        }
        finally
        {
            _nodeDisruption.Release();
        }
    }

    /// <summary>Like <see cref="TakeDown"/>, but a node that holds shards (a kill of a node with none would take nothing over).</summary>
    private async Task<ChaosNode?> TakeDownHolderAsync(Random random, CancellationToken cancellationToken)
    {
        List<ChaosNode> up;
        lock (_nodes)
        {
            up = [.. _nodes.Where(n => n.Up)];
        }
        var holders = new List<ChaosNode>();
        foreach (var node in up)
        {
            if ((await ShardsOfAsync(node, cancellationToken)).Count > 0)
            {
                holders.Add(node);
            }
        }
        lock (_nodes)
        {
            var candidates = holders.Where(n => n.Up).ToList();
            if (_nodes.Count(n => n.Up) < 2)
            {
                return null;
            }
            var victim = candidates.Count > 0 ? candidates[random.Next(candidates.Count)] : up[random.Next(up.Count)];
            victim.Up = false;
            return victim;
        }
    }

    /// <summary>Runs <paramref name="disruption"/> once the run's clock reaches <paramref name="at"/>.</summary>
    private async Task<T> AtAsync<T>(TimeSpan at, Func<Task<T>> disruption, CancellationToken cancellationToken)
    {
        await DelayUntilAsync(at, cancellationToken);
        return await disruption();
    }

    private async Task DelayUntilAsync(TimeSpan at, CancellationToken cancellationToken)
    {
        var wait = at - _clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    /// <summary>A graceful leave: the node hands its shards over, then stops; it rejoins after the pause.</summary>
    private async Task<DisruptionRecord> LeaveAndRejoinAsync(Uri llm, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed + 1);
        var at = _clock.Elapsed;
        if (TakeDown(random) is not { } node)
        {
            return new DisruptionRecord("leave", "(none up to spare)", at, null, IsTakeover: false);
        }
        var shards = await ShardsOfAsync(node, cancellationToken);
        var wall = DateTimeOffset.UtcNow;
        using (var response = await _admin.PostAsync(new Uri(node.AdminUri, $"admin/cluster/leave/{node.Id}"), null, cancellationToken))
        {
            response.EnsureSuccessStatusCode();
        }
        var handoff = await WaitForMembersAsync(node, TimeSpan.FromSeconds(30), cancellationToken);
        await progress.WriteLineAsync($"[{at.TotalSeconds,5:0}s] {node.Id} leaves ({shards.Count} shards): " +
            (handoff is { } t ? $"handed off and out of the cluster in {t.TotalSeconds:0.0} s" : "NOT out of the cluster within 30 s"));
        node.Kill(); // it has exited by itself once it left; this only makes sure
        await Task.Delay(options.DownFor, cancellationToken);
        Start(node, llm);
        await WaitReadyAsync(node, cancellationToken);
        return new DisruptionRecord("leave", node.Id, at, handoff, IsTakeover: true) { Wall = wall, Shards = shards };
    }

    /// <summary>
    /// A node frozen past its lease (SIGSTOP), then thawed: the zombie a long GC pause or a starved VM makes. Its shards are taken
    /// over meanwhile and its jobs resumed elsewhere; thawed, it still holds calls and appends that were under way, and must make
    /// none of them count (the invariant check finds any model call repeated after its step was journaled, any event twice).
    /// </summary>
    private async Task<DisruptionRecord> FreezeAndThawAsync(Uri llm, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed + 2);
        var at = _clock.Elapsed;
        if (TakeDown(random) is not { } node)
        {
            return new DisruptionRecord("freeze", "(none up to spare)", at, null, IsTakeover: false);
        }
        var shards = await ShardsOfAsync(node, cancellationToken);
        var wall = DateTimeOffset.UtcNow;
        node.Child!.Freeze();
        var takeover = await WaitForMembersAsync(node, TimeSpan.FromSeconds(30), cancellationToken);
        var thawIn = at + ChaosOptions.FreezeTime - _clock.Elapsed;
        if (thawIn > TimeSpan.Zero)
        {
            await Task.Delay(thawIn, cancellationToken);
        }
        node.Child.Thaw();
        await progress.WriteLineAsync($"[{at.TotalSeconds,5:0}s] freeze {node.Id} for {ChaosOptions.FreezeTime.TotalSeconds:0.#} s (SIGSTOP): " +
            (takeover is { } t ? $"downed and out of the cluster in {t.TotalSeconds:0.0} s" : "NOT out of the cluster within 30 s") + "; thawed");
        // Thawed, it learns it was downed and stops by itself (its work was fenced since its lease deadline); then it restarts.
        await node.Child.WaitForExitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        node.Kill();
        Start(node, llm);
        await WaitReadyAsync(node, cancellationToken);
        return new DisruptionRecord("freeze", node.Id, at, takeover, IsTakeover: true) { Wall = wall, Shards = shards };
    }

    private async Task<DisruptionRecord> RestartAsync(string kind, string target, Func<TimeSpan, Task> restart)
    {
        var at = _clock.Elapsed;
        await restart(ChaosOptions.InfrastructureDowntime);
        var took = _clock.Elapsed - at;
        await progress.WriteLineAsync($"[{at.TotalSeconds,5:0}s] {kind}: back after {took.TotalSeconds:0.0} s");
        return new DisruptionRecord(kind, target, at, took, IsTakeover: false);
    }

    private async Task<StormRecord> StormAsync(FakeLlmServer llm, TimeSpan at, CancellationToken cancellationToken)
    {
        var before = llm.Stats.TotalRequests;
        llm.SetFaults(new FaultPlan
        {
            RateLimitProbability = 0.15,
            ServerErrorProbability = 0.10,
            BrokenStreamProbability = 0.05,
            MalformedChunkProbability = 0.03,
            StallProbability = 0.03,
            SlowStreamProbability = 0.05,
            SlowStreamTokensPerSecond = 20,
            RetryAfter = TimeSpan.FromMilliseconds(200),
            Seed = options.Seed,
        });
        await progress.WriteLineAsync($"[{_clock.Elapsed.TotalSeconds,5:0}s] fault storm: 15% 429, 10% 500, 5% broken streams, 3% malformed chunks, 3% streams stalled mid-way, 5% slow streams (20 tokens/s)");
        await Task.Delay(options.StormFor, cancellationToken);
        llm.SetFaults(FaultPlan.None);
        var faults = llm.Stats.RequestsByOutcome.Where(kv => kv.Key is not "ok").Sum(kv => kv.Value);
        await progress.WriteLineAsync($"[{_clock.Elapsed.TotalSeconds,5:0}s] fault storm over: {llm.Stats.TotalRequests - before} requests, {faults} faults injected so far");
        return new StormRecord(at, options.StormFor, llm.Stats.TotalRequests - before, faults);
    }

    /// <summary>Time until a live node's view of the cluster has every node but <paramref name="victim"/> Up and reachable, and the victim
    /// no member at all (left, or downed and removed); null if not within <paramref name="timeout"/>.</summary>
    private async Task<TimeSpan?> WaitForMembersAsync(ChaosNode? victim, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var expected = _nodes.Where(n => n != victim).Select(n => n.Id).Order(StringComparer.Ordinal).ToList();
        while (started.Elapsed < timeout)
        {
            try
            {
                using var doc = JsonDocument.Parse(await _admin.GetStringAsync(new Uri(PickUp(random).AdminUri, "admin/cluster?shards=false"), cancellationToken));
                var members = doc.RootElement.GetProperty("nodes").EnumerateArray()
                    .Select(n => (Id: n.GetProperty("node_id").GetString()!, Up: n.GetProperty("status").GetString() == "up" && n.GetProperty("reachable").GetBoolean()))
                    .ToList();
                if (members.All(m => m.Up) && members.Select(m => m.Id).Order(StringComparer.Ordinal).SequenceEqual(expected))
                {
                    return started.Elapsed;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException && !cancellationToken.IsCancellationRequested)
            {
                // a node that died a moment ago: ask another
            }
            await Task.Delay(50, cancellationToken);
        }
        return null;
    }

    /// <summary>The shards a node holds now (as it reports them itself), before it is disrupted.</summary>
    private async Task<IReadOnlyList<int>> ShardsOfAsync(ChaosNode node, CancellationToken cancellationToken)
    {
        try
        {
            using var doc = JsonDocument.Parse(await _admin.GetStringAsync(new Uri(node.AdminUri, "admin/local"), cancellationToken));
            return [.. doc.RootElement.GetProperty("shards").EnumerateArray().Select(s => s.GetInt32())];
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return [];
        }
    }

    /// <summary>
    /// Takeover as a client feels it: of the jobs the disrupted node held and had not finished, when the first (and the last) got an
    /// event again — on its new node — counted from the disruption (journal times: every node shares this machine's clock).
    /// </summary>
    private DisruptionRecord Resumed(DisruptionRecord disruption, IReadOnlyDictionary<string, IReadOnlyList<JournalEvent>> journal)
    {
        if (!disruption.IsTakeover || disruption.Wall is not { } wall || disruption.Shards.Count == 0)
        {
            return disruption;
        }
        var resolver = new Eco.Actors.Sharding.ShardResolver(options.ShardCount);
        var held = disruption.Shards.ToHashSet();
        var resumed = journal
            .Where(job => held.Contains(resolver.ShardOf(Eco.Actors.Jobs.JobId.Parse(job.Key))))
            .Where(job => job.Value.Any(e => e.Timestamp <= wall) && !job.Value.Any(e => e.Timestamp <= wall && e.Type is "job.completed" or "job.failed"))
            .Select(job => job.Value.FirstOrDefault(e => e.Timestamp > wall))
            .Where(first => first is not null)
            .Select(first => first!.Timestamp - wall)
            .ToList();
        return resumed.Count == 0 ? disruption : disruption with { FirstResumed = resumed.Min(), AllResumed = resumed.Max(), JobsTakenOver = resumed.Count };
    }

    /// <summary>One page of a job's journal from any live node; a node that fails the read (it is stopping, say) is passed over.</summary>
    private async Task<string> ReadEventsPageAsync(Random random, string jobId, long after, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _http.GetStringAsync(new Uri(PickUp(random).BaseUri, $"v1/jobs/{jobId}/events?after_seq={after}"), cancellationToken);
            }
            catch (HttpRequestException) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }

    private async Task<Dictionary<string, IReadOnlyList<JournalEvent>>> ReadJournalsAsync(List<ObservedJob> jobs, CancellationToken cancellationToken)
    {
        var journal = new Dictionary<string, IReadOnlyList<JournalEvent>>(StringComparer.Ordinal);
        var random = new Random(options.Seed);
        foreach (var job in jobs)
        {
            var events = new List<JournalEvent>();
            while (true)
            {
                var after = events.Count == 0 ? 0 : events[^1].Seq;
                using var doc = JsonDocument.Parse(await ReadEventsPageAsync(random, job.JobId, after, cancellationToken));
                var page = doc.RootElement.EnumerateArray().Select(e => new JournalEvent(
                    e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!,
                    e.TryGetProperty("stage", out var stage) ? stage.GetString() : null,
                    DateTimeOffset.Parse(e.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("reason", out var reason) ? reason.GetString() : null)).ToList();
                if (page.Count == 0)
                {
                    break;
                }
                events.AddRange(page);
            }
            journal[job.JobId] = events;
        }
        return journal;
    }

    private async Task DropSchemaAsync()
    {
        try
        {
            await PostgresJournal.DropSchemaAsync(infrastructure.Postgres, _schema, CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // best effort: the schema name is in the report
        }
    }

    private sealed class ChaosNode(string id, string dataDir, int remotingPort)
    {
        public string Id { get; } = id;
        public string DataDir { get; } = dataDir;
        public int RemotingPort { get; } = remotingPort;
        public int Port { get; set; }
        public ChildNode? Child { get; set; }
        public volatile bool Up;
        public Uri BaseUri => new($"http://127.0.0.1:{Port}/");
        public Uri AdminUri => Child!.AdminUri;

        public void Kill()
        {
            Child?.Dispose(); // SIGKILL: no shutdown hooks, no lease release
            Up = false;
        }
    }
}
