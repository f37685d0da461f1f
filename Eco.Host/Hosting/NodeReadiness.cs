namespace Eco.Host.Hosting;

/// <summary>Whether the node has finished starting: a member of its cluster (Up), and in a cluster, in touch with Redis.</summary>
internal sealed class NodeReadiness
{
    private volatile bool _memberUp;
    private volatile bool _redisReady;
    private readonly bool _needsRedis;

    public NodeReadiness(bool needsRedis)
    {
        _needsRedis = needsRedis;
    }

    public bool IsReady => _memberUp && (_redisReady || !_needsRedis);

    /// <summary>What the node still waits for, for <c>/readyz</c>.</summary>
    public string Waiting => !_memberUp ? "joining the cluster" : "waiting for Redis";

    public void MarkMemberUp() => _memberUp = true;

    public void MarkRedisReady() => _redisReady = true;
}
