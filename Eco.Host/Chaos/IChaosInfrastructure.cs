namespace Eco.Host.Chaos;

/// <summary>The Redis and PostgreSQL a chaos run stands on, and how to take each down and back (null when the run does not own it).</summary>
internal interface IChaosInfrastructure
{
    string Redis { get; }

    string Postgres { get; }

    /// <summary>Stops Redis, waits <c>downtime</c>, starts it again on the same endpoint (all its data lost: no persistence).</summary>
    Func<TimeSpan, Task>? RestartRedis { get; }

    /// <summary>Stops PostgreSQL (fast shutdown: connections cut), waits <c>downtime</c>, starts it again.</summary>
    Func<TimeSpan, Task>? RestartPostgres { get; }
}
