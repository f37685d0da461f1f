using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Eco.Actors.Journal.Postgres;

/// <summary>How the PostgreSQL journal rides out a database restart: the one place its calls wait for the database to come back.</summary>
/// <remarks>Transient failures (connection refused or reset, the server shutting down) are retried with exponential backoff from
/// 100 ms to 2 s, for about a minute. So an entity recovering while the database restarts waits for it instead of failing — and
/// spending its supervisor's restart budget on an outage that ends the job.</remarks>
internal static class DatabaseOutage
{
    /// <summary>Retries of 100, 200, 400, 800, 1,600 ms, then 2 s each: about a minute in all.</summary>
    public const int AboutAMinute = 33;

    /// <summary>No end: for opening the journal, which a node may do while the database is still down (it is not ready meanwhile).</summary>
    public const int UntilItAnswers = int.MaxValue;

    public static ResiliencePipeline Pipeline(TimeProvider time, ILogger logger, int maxRetries = AboutAMinute) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(2),
                MaxRetryAttempts = maxRetries,
                OnRetry = retry =>
                {
                    ActorsLog.JournalReconnecting(logger, retry.RetryDelay, retry.Outcome.Exception!);
                    return default;
                },
            })
            .Build();

    private static bool IsTransient(Exception ex) => ex switch
    {
        NpgsqlException { IsTransient: true } => true,
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" } => true, // admin shutdown, crash shutdown, cannot connect now
        System.Net.Sockets.SocketException or IOException => true,
        _ => ex.InnerException is { } inner && IsTransient(inner),
    };
}
