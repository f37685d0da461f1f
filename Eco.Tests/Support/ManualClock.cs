namespace Eco.Tests.Support;

/// <summary>A clock that stands still until a test moves it (only the wall clock: no timers).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
