using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Actors.Sharding.Redis;
using Eco.Host.Auth;
using Eco.Host.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Eco.Host.Api;

/// <summary>The operators' endpoint (what <c>eco cluster|shards|jobs</c> call): Akka's cluster state and sharding statistics, leave
/// and down.</summary>
internal static class AdminApi
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(3);

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").WithTags("Admin").RequireAuthorization(AuthRegistration.AdminPolicy);
        admin.MapGet("/cluster", GetClusterAsync).WithName("GetCluster");
        admin.MapGet("/shards", GetShardsAsync).WithName("GetShards");
        admin.MapGet("/local", GetLocalAsync).WithName("GetLocal");
        admin.MapPost("/cluster/leave/{node}", LeaveAsync).WithName("LeaveCluster");
        admin.MapPost("/cluster/down/{node}", DownAsync).WithName("DownNode");
        admin.MapGet("/jobs", ListJobsAsync).WithName("ListJobsAdmin");
        admin.MapGet("/jobs/{jobId}", GetJobAsync).WithName("GetJobAdmin");
        admin.MapGet("/jobs/{jobId}/events", JobsApi.GetEventsAsync).WithName("GetJobEventsAdmin"); // any user's job: the caller is an admin
        admin.MapProvidersApi();
        admin.MapProviderStatsApi();
        admin.MapRevocationsApi();
        return admin;
    }

    internal sealed record NodeView(
        [property: JsonPropertyName("node_id")] string NodeId,
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("reachable")] bool Reachable,
        [property: JsonPropertyName("leader")] bool Leader,
        [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles,
        [property: JsonPropertyName("shards")] IReadOnlyList<int> Shards,
        [property: JsonPropertyName("entities")] int? Entities);

    internal sealed record ClusterView(
        [property: JsonPropertyName("mode")] string Mode,
        [property: JsonPropertyName("self")] string Self,
        [property: JsonPropertyName("leader")] string? Leader,
        [property: JsonPropertyName("shard_count")] int ShardCount,
        [property: JsonPropertyName("nodes")] IReadOnlyList<NodeView> Nodes,
        [property: JsonPropertyName("unreachable")] IReadOnlyList<string> Unreachable,
        [property: JsonPropertyName("stats_incomplete")] bool StatsIncomplete);

    internal sealed record LocalView(
        [property: JsonPropertyName("node_id")] string NodeId,
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("shards")] IReadOnlyList<int> Shards,
        [property: JsonPropertyName("entities")] int Entities);

    internal sealed record ShardsView(
        [property: JsonPropertyName("shard_count")] int ShardCount,
        [property: JsonPropertyName("shards_in_use")] int ShardsInUse,
        [property: JsonPropertyName("nodes")] IReadOnlyList<ShardsNode> Nodes,
        [property: JsonPropertyName("spread")] string Spread);

    internal sealed record ShardsNode(
        [property: JsonPropertyName("node_id")] string NodeId,
        [property: JsonPropertyName("shards")] int Shards,
        [property: JsonPropertyName("active_entities")] int? ActiveEntities);

    internal sealed record JobAdminView(
        [property: JsonPropertyName("job_id")] string JobId,
        [property: JsonPropertyName("shard")] int Shard,
        [property: JsonPropertyName("owner")] string? Owner,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("last_seq")] long LastSeq,
        [property: JsonPropertyName("stage")] string? Stage,
        [property: JsonPropertyName("completed_stages")] IReadOnlyList<string> CompletedStages,
        [property: JsonPropertyName("active_here")] bool ActiveHere);

    /// <summary>Members (status, reachability, roles, the leader) with the shards and entities of each, as Akka reports them now.</summary>
    /// <remarks>With <c>?shards=false</c> only membership: no region is asked, so it answers at once even while a member is frozen.</remarks>
    public static async Task<Ok<ClusterView>> GetClusterAsync(ActorSystem system, IRequiredActor<EcoRegion> region, IOptions<ClusterOptions> options,
        CancellationToken cancellationToken, bool shards = true)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var stats = shards ? await StatsAsync(region, cancellationToken) : null;
        var nodes = state.Members.OrderBy(NodeId, StringComparer.Ordinal).Select(member =>
        {
            var regionStats = stats?.Regions.GetValueOrDefault(member.Address);
            return new NodeView(NodeId(member), member.Address.ToString(), member.Status.ToString().ToLowerInvariant(),
                !state.Unreachable.Contains(member), member.Address.Equals(state.Leader), [.. member.Roles.Order(StringComparer.Ordinal)],
                regionStats is null ? [] : [.. regionStats.Stats.Keys.Select(ShardNumber).Order()],
                regionStats?.Stats.Values.Sum());
        }).ToList();
        var leader = state.Members.FirstOrDefault(m => m.Address.Equals(state.Leader));
        return TypedResults.Ok(new ClusterView(options.Value.Enabled ? "cluster" : "single", NodeId(cluster.SelfMember), leader is null ? null : NodeId(leader),
            options.Value.ShardCount, nodes, [.. state.Unreachable.Select(NodeId).Order(StringComparer.Ordinal)],
            shards && (stats is null || stats.Regions.Values.Any(r => r.Failed.Count > 0))));
    }

    public static async Task<Ok<ShardsView>> GetShardsAsync(ActorSystem system, IRequiredActor<EcoRegion> region, IOptions<ClusterOptions> options,
        CancellationToken cancellationToken)
    {
        var cluster = (await GetClusterAsync(system, region, options, cancellationToken, shards: true)).Value!;
        var rows = cluster.Nodes.Select(n => new ShardsNode(n.NodeId, n.Shards.Count, n.Entities)).ToList();
        var counts = rows.Select(r => r.Shards).DefaultIfEmpty(0).ToList();
        return TypedResults.Ok(new ShardsView(cluster.ShardCount, counts.Sum(), rows, $"min {counts.Min()}, max {counts.Max()} shards per node"));
    }

    /// <summary>This node's own shards and entities, from its region alone (no other node is asked: it answers even while one is frozen).</summary>
    public static async Task<Ok<LocalView>> GetLocalAsync(ActorSystem system, IRequiredActor<EcoRegion> region, CancellationToken cancellationToken)
    {
        var state = await (await region.GetAsync(cancellationToken)).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, StatsTimeout, cancellationToken);
        var cluster = Cluster.Get(system);
        return TypedResults.Ok(new LocalView(NodeId(cluster.SelfMember), cluster.SelfAddress.ToString(), [.. state.Shards.Select(s => ShardNumber(s.ShardId)).Order()],
            state.Shards.Sum(s => s.EntityIds.Count)));
    }

    public static Results<Accepted, ProblemHttpResult> LeaveAsync(string node, ActorSystem system, IOptions<ClusterOptions> options)
    {
        if (!options.Value.Enabled)
        {
            return TypedResults.Problem(detail: "this node is not in a cluster (Eco:Cluster:Enabled is false)", statusCode: StatusCodes.Status409Conflict);
        }
        if (Find(Cluster.Get(system), node) is not { } member)
        {
            return NoSuchNode(node);
        }
        Cluster.Get(system).Leave(member.Address); // the member hands its shards off, then exits
        return TypedResults.Accepted("/admin/cluster");
    }

    public static async Task<Results<Ok<DownView>, ProblemHttpResult>> DownAsync(string node, ActorSystem system,
        IOptions<ClusterOptions> options, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return TypedResults.Problem(detail: "this node is not in a cluster (Eco:Cluster:Enabled is false)", statusCode: StatusCodes.Status409Conflict);
        }
        var cluster = Cluster.Get(system);
        if (Find(cluster, node) is not { } member)
        {
            return NoSuchNode(node);
        }
        cluster.Down(member.Address);
        // Its leases go now; the survivors raise the fences as they take its shards: if it is alive after all, it cannot write.
        var released = await services.GetRequiredService<RedisLeaseStore>().ReleaseAllOfAsync(member.Address.HostPort(), options.Value.ShardCount, cancellationToken);
        return TypedResults.Ok(new DownView(NodeId(member), member.Address.ToString(), released));
    }

    internal sealed record DownView(
        [property: JsonPropertyName("node_id")] string NodeId,
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("released_leases")] int ReleasedLeases);

    internal sealed record JobListRow(
        [property: JsonPropertyName("job_id")] string JobId,
        [property: JsonPropertyName("last_seq")] long LastSeq,
        [property: JsonPropertyName("finished")] bool Finished,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);

    internal sealed record JobListView(
        [property: JsonPropertyName("jobs")] IReadOnlyList<JobListRow> Jobs,
        [property: JsonPropertyName("next")] string? Next);

    /// <summary>A page of the journal's jobs in id order (so, for time-ordered ids, oldest first), from the shared journal:
    /// every node's jobs, not only this one's.</summary>
    /// <remarks>The arguments are read as text so a bad one gets our reason, not the framework's bare 400.</remarks>
    public static async Task<Results<Ok<JobListView>, ProblemHttpResult>> ListJobsAsync(
        IJournal journal, CancellationToken cancellationToken, string? unfinished = null, string? after = null, string? limit = null)
    {
        if (!QueryArguments.TryParseFlag("unfinished", unfinished, out var unfinishedOnly, out var error)
            || !QueryArguments.TryParseLimit(limit, MaxJobListLimit, DefaultJobListLimit, out var pageSize, out error))
        {
            return TypedResults.Problem(detail: error, statusCode: StatusCodes.Status400BadRequest);
        }
        JobId? cursor = null;
        if (after is not null)
        {
            if (!JobId.TryParse(after, out var afterId, out var idError))
            {
                return TypedResults.Problem(detail: $"after must be a job id from a previous page's next: {idError}", statusCode: StatusCodes.Status400BadRequest);
            }
            cursor = afterId;
        }
        var rows = await journal.ListJobsAsync(new JobListQuery(unfinishedOnly, cursor, pageSize), cancellationToken);
        // A short page is the last one; a full one may have more behind it.
        return TypedResults.Ok(new JobListView([.. rows.Select(r => new JobListRow(r.JobId.Value, r.LastSeq, r.IsTerminal, r.CreatedAt, r.UpdatedAt))],
            rows.Count == pageSize ? rows[^1].JobId.Value : null));
    }

    private const int DefaultJobListLimit = 100;
    private const int MaxJobListLimit = 500;

    public static async Task<Results<Ok<JobAdminView>, ProblemHttpResult>> GetJobAsync(
        string jobId, JobService jobs, ActorSystem system, IRequiredActor<EcoRegion> region, ShardResolver resolver, CancellationToken cancellationToken)
    {
        if (!JobId.TryParse(jobId, out var id, out var error))
        {
            return TypedResults.Problem(detail: error, statusCode: StatusCodes.Status400BadRequest);
        }
        if (await jobs.GetAsync(id, cancellationToken) is not { } found)
        {
            return TypedResults.Problem(detail: $"no job with id '{id}'", statusCode: StatusCodes.Status404NotFound);
        }
        var shard = resolver.ShardOf(id);
        var shardId = shard.ToString(CultureInfo.InvariantCulture);
        var stats = await StatsAsync(region, cancellationToken);
        var owner = stats?.Regions.FirstOrDefault(r => r.Value.Stats.ContainsKey(shardId)).Key;
        var members = Cluster.Get(system).State.Members;
        var ownerId = owner is null ? null : members.FirstOrDefault(m => m.Address.Equals(owner)) is { } m ? NodeId(m) : owner.ToString();
        var here = await region.ActorRef.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, StatsTimeout, cancellationToken);
        var state = found.State;
        return TypedResults.Ok(new JobAdminView(id.Value, shard, ownerId, state.Status.ToString().ToLowerInvariant(), state.LastSeq, state.CurrentStage,
            [.. state.StageOutputs.Keys.Order(StringComparer.Ordinal)], here.Shards.Any(s => s.ShardId == shardId && s.EntityIds.Contains(id.Value))));
    }

    private static async Task<ClusterShardingStats?> StatsAsync(IRequiredActor<EcoRegion> region, CancellationToken cancellationToken)
    {
        try
        {
            var regionRef = await region.GetAsync(cancellationToken);
            return await regionRef.Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return null; // the coordinator is moving: members without shard figures
        }
    }

    /// <summary>A member's Eco node id (its <c>node:</c> role), or its address for a member that has none.</summary>
    private static string NodeId(Member member) =>
        member.Roles.FirstOrDefault(r => r.StartsWith("node:", StringComparison.Ordinal)) is { } role ? role["node:".Length..] : member.Address.ToString();

    private static Member? Find(Cluster cluster, string node) =>
        cluster.State.Members.FirstOrDefault(m => NodeId(m) == node || m.Address.ToString() == node);

    private static int ShardNumber(string shardId) => int.Parse(shardId, CultureInfo.InvariantCulture);

    private static ProblemHttpResult NoSuchNode(string node) =>
        TypedResults.Problem(detail: $"no member '{node}' (give a node id or an akka.tcp:// address)", statusCode: StatusCodes.Status404NotFound);
}
