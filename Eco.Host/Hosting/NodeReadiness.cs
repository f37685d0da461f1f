namespace Eco.Host.Hosting;

/// <summary>Whether the node has finished starting: a member of its cluster (Up), its journal's database answering (PostgreSQL), and
/// in a cluster, in touch with Redis, and the cluster's token revocation list received.</summary>
internal sealed class NodeReadiness(bool needsRedis, bool needsJournal)
{
    private volatile bool _memberUp;
    private volatile bool _redisReady = !needsRedis;
    private volatile bool _journalReady = !needsJournal;
    private volatile bool _revocationsLoaded;

    public bool IsReady => _memberUp && _redisReady && _journalReady && _revocationsLoaded;

    /// <summary>What the node still waits for, for <c>/readyz</c>.</summary>
    public string Waiting => !_journalReady ? "waiting for the journal's database" : !_memberUp ? "joining the cluster"
        : !_redisReady ? "waiting for Redis" : "waiting for the token revocation list";

    public void MarkMemberUp() => _memberUp = true;

    public void MarkRedisReady() => _redisReady = true;

    public void MarkJournalReady() => _journalReady = true;

    public void MarkRevocationsLoaded() => _revocationsLoaded = true;
}
