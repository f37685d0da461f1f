using System.Collections.Concurrent;

namespace Eco.FakeLlm;

/// <summary>Thread-safe counters of a <see cref="FakeLlmServer"/>: requests, outcomes, completed calls per <c>user</c> and concurrency.</summary>
public sealed class FakeLlmStats
{
    /// <summary>Outcome label of a request whose body could not be parsed (answered with HTTP 400).</summary>
    public const string BadRequestOutcome = "bad_request";

    /// <summary>Outcome label of a request whose brain threw (answered with HTTP 500).</summary>
    public const string BrainErrorOutcome = "brain_error";

    private static readonly string[] OutcomeLabels =
        [.. Enum.GetValues<FaultKind>().Select(FaultPlan.Label), BadRequestOutcome, BrainErrorOutcome];

    private readonly ConcurrentDictionary<string, long> _byOutcome = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _completedByUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _durationByUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _requestedAtByUser = new(StringComparer.Ordinal);
    private long _totalRequests;
    private long _completedCalls;
    private long _tokensSent;
    private int _inFlight;
    private int _maxInFlight;

    internal FakeLlmStats() => Reset();

    /// <summary>Chat completion requests received (every attempt, including retries and faults).</summary>
    public long TotalRequests => Interlocked.Read(ref _totalRequests);

    /// <summary>Calls whose full response (non-streaming body, or stream through <c>[DONE]</c>) was sent.</summary>
    public long TotalCompletedCalls => Interlocked.Read(ref _completedCalls);

    /// <summary>Content tokens (chunks) written to clients, across all requests.</summary>
    public long TokensSent => Interlocked.Read(ref _tokensSent);

    /// <summary>Requests being handled right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Highest number of requests handled at the same time since start or the last reset.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Requests per outcome label: ok, 429, 500, timeout, stall, malformed, broken, bad_request, brain_error.</summary>
    public IReadOnlyDictionary<string, long> RequestsByOutcome =>
        OutcomeLabels.ToDictionary(l => l, l => _byOutcome.GetValueOrDefault(l), StringComparer.Ordinal);

    /// <summary>Completed calls per <c>user</c> field value (requests without a user are not listed).</summary>
    public IReadOnlyDictionary<string, int> CompletedByUser => new Dictionary<string, int>(_completedByUser, StringComparer.Ordinal);

    /// <summary>Requests that were given <paramref name="outcome"/>.</summary>
    public long Requests(FaultKind outcome) => _byOutcome.GetValueOrDefault(FaultPlan.Label(outcome));

    /// <summary>Completed calls that carried <c>user</c> = <paramref name="user"/> (e.g. <c>"&lt;job id&gt;:&lt;call key&gt;"</c>).</summary>
    public int CompletedCalls(string user) => _completedByUser.GetValueOrDefault(user);

    /// <summary>A consistent-enough copy of every counter, suitable for JSON.</summary>
    public FakeLlmStatsSnapshot Snapshot() => new(TotalRequests, TotalCompletedCalls, TokensSent, InFlight, MaxInFlight, RequestsByOutcome, CompletedByUser);

    /// <summary>One line such as <c>requests=12 ok=10 429=2 … completed=10 in-flight=1 max-in-flight=4</c>.</summary>
    public override string ToString() => Snapshot().ToString();

    internal void Reset()
    {
        _durationByUser.Clear();
        _requestedAtByUser.Clear();
        foreach (var label in OutcomeLabels) _byOutcome[label] = 0;
        _completedByUser.Clear();
        Interlocked.Exchange(ref _totalRequests, 0);
        Interlocked.Exchange(ref _completedCalls, 0);
        Interlocked.Exchange(ref _tokensSent, 0);
        Volatile.Write(ref _maxInFlight, Volatile.Read(ref _inFlight));
    }

    internal void RequestStarted()
    {
        Interlocked.Increment(ref _totalRequests);
        var now = Interlocked.Increment(ref _inFlight);
        var max = Volatile.Read(ref _maxInFlight);
        while (now > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxInFlight, now, max);
            if (seen == max) break;
            max = seen;
        }
    }

    /// <summary>Notes when a parsed request of <paramref name="user"/> arrived (every attempt, whatever its outcome).</summary>
    internal void Requested(string? user)
    {
        if (!string.IsNullOrEmpty(user))
        {
            _requestedAtByUser.GetOrAdd(user, static _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(DateTimeOffset.UtcNow);
        }
    }

    /// <summary>When each request of <paramref name="user"/> arrived (wall clock, UTC): lets a checker prove no model step was requested after it was journaled as done.</summary>
    public IReadOnlyList<DateTimeOffset> RequestTimes(string user) =>
        _requestedAtByUser.TryGetValue(user, out var times) ? [.. times] : [];

    internal void RequestEnded() => Interlocked.Decrement(ref _inFlight);

    internal void Outcome(string label) => _byOutcome.AddOrUpdate(label, 1, static (_, n) => n + 1);

    internal void TokensWritten(int count) => Interlocked.Add(ref _tokensSent, count);

    internal void Completed(string? user, TimeSpan took)
    {
        Interlocked.Increment(ref _completedCalls);
        if (!string.IsNullOrEmpty(user))
        {
            _completedByUser.AddOrUpdate(user, 1, static (_, n) => n + 1);
            _durationByUser.AddOrUpdate(user, static (_, add) => add, static (_, total, add) => total + add, took.TotalMilliseconds);
        }
    }

    /// <summary>Server-side time of the completed calls of <paramref name="user"/> (request received → last byte sent), summed.</summary>
    public TimeSpan CompletedDuration(string user) => TimeSpan.FromMilliseconds(_durationByUser.GetValueOrDefault(user));

    /// <summary>
    /// Server-side time of completed calls summed per <c>user</c> prefix (the part before <paramref name="separator"/>, e.g. the job id of
    /// <c>job:stage</c>), in one pass: a load run's floor for thousands of jobs.
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> CompletedDurationByPrefix(char separator)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (user, ms) in _durationByUser)
        {
            var end = user.IndexOf(separator, StringComparison.Ordinal);
            var prefix = end < 0 ? user : user[..end];
            sums[prefix] = sums.GetValueOrDefault(prefix) + ms;
        }
        return sums.ToDictionary(kv => kv.Key, kv => TimeSpan.FromMilliseconds(kv.Value), StringComparer.Ordinal);
    }
}
