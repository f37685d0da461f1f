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

    [LoggerMessage(1010, LogLevel.Warning, "Entity {EntityId} failed ({Restarts} restarts in the window): {Reason}; restarting in {Delay}")]
    public static partial void EntityRestarting(ILogger logger, string entityId, int restarts, TimeSpan delay, string reason);

    [LoggerMessage(1011, LogLevel.Error, "Entity {EntityId} failed again after its last run ({Reason}); it stays stopped until sharding starts it again")]
    public static partial void EntityStopped(ILogger logger, string entityId, string reason);

    [LoggerMessage(1012, LogLevel.Error, "Entity {EntityId} failed {Restarts} times in the window ({Reason}); giving up: its last run records the failure")]
    public static partial void EntityGaveUp(ILogger logger, string entityId, int restarts, string reason);

    [LoggerMessage(1015, LogLevel.Warning, "Job {JobId}: the snapshot at seq {Seq} was not saved (recovery replays more events instead)")]
    public static partial void SnapshotFailed(ILogger logger, string jobId, long seq, Exception exception);

    [LoggerMessage(1014, LogLevel.Warning, "Entity {EntityId} threw")]
    public static partial void EntityFailed(ILogger logger, string entityId, Exception exception);

    [LoggerMessage(1013, LogLevel.Warning, "Job {JobId} ended but its observer failed")]
    public static partial void ObserverFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(1030, LogLevel.Information, "{Owner} acquired lease {Lease} (fencing token {Token})")]
    public static partial void LeaseAcquired(ILogger logger, string owner, string lease, long token);

    [LoggerMessage(1031, LogLevel.Information, "{Owner} released lease {Lease}")]
    public static partial void LeaseReleased(ILogger logger, string owner, string lease);

    [LoggerMessage(1032, LogLevel.Warning, "{Owner} lost lease {Lease} ({Reason}); what it guarded stops here")]
    public static partial void LeaseLost(ILogger logger, string owner, string lease, string reason);

    [LoggerMessage(1033, LogLevel.Warning, "Renewing lease {Lease} failed; retrying")]
    public static partial void LeaseRenewalFailed(ILogger logger, string lease, Exception exception);

    [LoggerMessage(1034, LogLevel.Warning, "Member {Address} is gone (its port refuses connections): downing it now and dropping its {Leases} shard leases")]
    public static partial void CrashedMemberDowned(ILogger logger, string address, int leases);

    [LoggerMessage(1035, LogLevel.Warning, "Could not drop the shard leases of downed member {Address}; its shards move when they expire")]
    public static partial void CrashedMemberLeasesKept(ILogger logger, string address, Exception exception);

    [LoggerMessage(1040, LogLevel.Warning, "Event bus: {Count} events not published (Redis unavailable); watchers read them from the journal")]
    public static partial void BusPublishFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(1041, LogLevel.Warning, "Event bus: a message could not be read")]
    public static partial void BadBusMessage(ILogger logger, Exception exception);

    [LoggerMessage(1042, LogLevel.Warning, "Event bus: channel {Channel} could not be subscribed (retried each second; its watchers read the journal meanwhile)")]
    public static partial void BusSubscribeFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(1043, LogLevel.Error, "Event bus: reconciling channel subscriptions failed")]
    public static partial void BusReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(1050, LogLevel.Error, "A handler of the revocation list's changes threw at revision {Revision}; the list is current, the other handlers ran")]
    public static partial void RevocationHandlerFailed(ILogger logger, long revision, Exception exception);

    [LoggerMessage(1016, LogLevel.Warning, "Job {JobId} was running with no stage in progress and nothing being written at seq {Seq}; woken by the idle-job sweep, it decides again")]
    public static partial void JobFoundStalled(ILogger logger, string jobId, long seq);

    [LoggerMessage(1017, LogLevel.Warning, "Job {JobId} (unfinished at seq {Seq}) had no running entity until the idle-job sweep started it; it resumes from its journal")]
    public static partial void JobStartedBySweep(ILogger logger, string jobId, long seq);

    [LoggerMessage(1021, LogLevel.Warning, "Job {JobId} stage {Stage} attempt {Attempt} failed: {Reason} (trace {TraceId})")]
    public static partial void StageAttemptFailed(ILogger logger, string jobId, string stage, int attempt, string reason, string traceId);

    [LoggerMessage(1022, LogLevel.Information, "Job {JobId} stage {Stage} attempt {Attempt} was cut off while this node may not act on the job ({Reason}); it is not counted, and runs again if the node keeps the shard (trace {TraceId})")]
    public static partial void StageCutOff(ILogger logger, string jobId, string stage, int attempt, string reason, string traceId);
}
