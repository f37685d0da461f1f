using Eco.Actors.Jobs;
using Eco.Actors.Sharding;

namespace Eco.Tests.Support;

/// <summary>New job ids chosen for where sharding puts them.</summary>
public static class JobIds
{
    /// <summary>A new job id whose shard (by <paramref name="resolver"/>) satisfies <paramref name="wanted"/>.</summary>
    public static JobId OnShard(ShardResolver resolver, Func<int, bool> wanted)
    {
        while (true)
        {
            var job = JobId.New();
            if (wanted(resolver.ShardOf(job)))
            {
                return job;
            }
        }
    }
}
