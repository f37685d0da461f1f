namespace Eco.Actors.Entities;

/// <summary>Counts restarts in a sliding window and gives an exponential backoff; says no when the budget is spent.</summary>
internal sealed class RestartBudget(EntityOptions options, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _restarts = new();

    public int RecentRestarts => _restarts.Count;

    public bool TryRestart(out TimeSpan delay)
    {
        var now = time.GetUtcNow();
        while (_restarts.Count > 0 && now - _restarts.Peek() > options.RestartWindow)
        {
            _restarts.Dequeue();
        }
        if (_restarts.Count >= options.MaxRestarts)
        {
            delay = TimeSpan.Zero;
            return false;
        }
        var factor = Math.Pow(2, _restarts.Count);
        delay = TimeSpan.FromTicks((long)Math.Min(options.MaxRestartBackoff.Ticks, options.MinRestartBackoff.Ticks * factor));
        _restarts.Enqueue(now);
        return true;
    }
}
