using Microsoft.Extensions.Logging;

namespace Eco.Actors;

/// <summary>Source-generated logs of Eco.Actors (event ids 1000–1999).</summary>
internal static partial class ActorsLog
{
    [LoggerMessage(1000, LogLevel.Information, "Journal opened at {Path} (group commit {GroupCommit}, synchronous {Synchronous})")]
    public static partial void JournalOpened(ILogger logger, string path, bool groupCommit, string synchronous);

    [LoggerMessage(1003, LogLevel.Information, "PostgreSQL journal opened in schema {Schema} (group commit {GroupCommit})")]
    public static partial void PostgresJournalOpened(ILogger logger, string schema, bool groupCommit);

    [LoggerMessage(1005, LogLevel.Warning, "Journal database: {Setting} = {Value}: {Advice}")]
    public static partial void JournalDurabilityAtRisk(ILogger logger, string setting, string value, string advice);

    [LoggerMessage(1006, LogLevel.Information, "Journal database: {Setting} = {Value}: {Advice}")]
    public static partial void JournalLatencyAdvice(ILogger logger, string setting, string value, string advice);

    [LoggerMessage(1004, LogLevel.Warning, "Journal database unavailable; retrying in {Delay}")]
    public static partial void JournalReconnecting(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(1001, LogLevel.Warning, "A batch of {Requests} writes failed; retrying each alone")]
    public static partial void BatchRetriedAlone(ILogger logger, int requests, Exception exception);

    [LoggerMessage(1002, LogLevel.Error, "Journal write failed")]
    public static partial void AppendFailed(ILogger logger, Exception exception);

    [LoggerMessage(1010, LogLevel.Warning, "Entity {EntityId} failed ({Restarts} restarts in the window); restarting in {Delay}")]
    public static partial void EntityRestarting(ILogger logger, string entityId, int restarts, TimeSpan delay, Exception exception);

    [LoggerMessage(1011, LogLevel.Error, "Entity {EntityId} failed too often; stopping it")]
    public static partial void EntityStopped(ILogger logger, string entityId, Exception exception);

    [LoggerMessage(1012, LogLevel.Debug, "Entity {EntityId} passivated after {Idle} idle")]
    public static partial void EntityPassivated(ILogger logger, string entityId, TimeSpan idle);

    [LoggerMessage(1013, LogLevel.Warning, "Job {JobId} ended but its observer failed")]
    public static partial void ObserverFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(1030, LogLevel.Information, "Node {NodeId} acquired shard {Shard} (fencing token {Token})")]
    public static partial void ShardAcquired(ILogger logger, string nodeId, int shard, long token);

    [LoggerMessage(1031, LogLevel.Information, "Node {NodeId} released shard {Shard}")]
    public static partial void ShardReleased(ILogger logger, string nodeId, int shard);

    [LoggerMessage(1032, LogLevel.Warning, "Node {NodeId} lost its lease on shard {Shard}; stopping its entities")]
    public static partial void ShardLost(ILogger logger, string nodeId, int shard);

    [LoggerMessage(1035, LogLevel.Warning, "Node {NodeId} could not renew its lease on shard {Shard} for {Elapsed}; it stops the shard's work before the lease can lapse")]
    public static partial void ShardSelfFenced(ILogger logger, string nodeId, int shard, TimeSpan elapsed);

    [LoggerMessage(1034, LogLevel.Error, "Node {NodeId} was downed by an operator; it stops all its shards and stays out until restarted")]
    public static partial void NodeDowned(ILogger logger, string nodeId);

    [LoggerMessage(1033, LogLevel.Warning, "Node {NodeId}: coordinator tick failed")]
    public static partial void CoordinatorTickFailed(ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(1040, LogLevel.Warning, "Event bus: {Count} events not published (Redis unavailable); watchers read them from the journal")]
    public static partial void BusPublishFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(1041, LogLevel.Warning, "Event bus: a message could not be read")]
    public static partial void BadBusMessage(ILogger logger, Exception exception);

    [LoggerMessage(1042, LogLevel.Warning, "Event bus: channel {Channel} could not be subscribed (retried each second; its watchers read the journal meanwhile)")]
    public static partial void BusSubscribeFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(1043, LogLevel.Error, "Event bus: reconciling channel subscriptions failed")]
    public static partial void BusReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(1020, LogLevel.Information, "Resuming {Count} unfinished jobs from the journal")]
    public static partial void ResumingJobs(ILogger logger, int count);

    [LoggerMessage(1021, LogLevel.Warning, "Job {JobId} stage {Stage} attempt {Attempt} failed: {Reason}")]
    public static partial void StageAttemptFailed(ILogger logger, string jobId, string stage, int attempt, string reason);
}
