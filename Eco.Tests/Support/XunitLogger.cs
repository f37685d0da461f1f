using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Eco.Tests.Support;

/// <summary>Writes log entries (with their exception) to a test's output, so a failing test shows what its actors said.</summary>
public sealed class XunitLogger(ITestOutputHelper output) : ILogger
{
    /// <summary>Raised with each entry's event id and message after it is written: a test can wait for something an actor only logs.</summary>
    public event Action<EventId, string>? Logged;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        try
        {
            output.WriteLine($"{logLevel}: {message}{(exception is null ? "" : " — " + exception)}");
        }
        catch (InvalidOperationException)
        {
            // the test has finished: nowhere to write
        }
        Logged?.Invoke(eventId, message);
    }
}
