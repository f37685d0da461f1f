using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Eco.Actors.Entities;
using Eco.Actors.Jobs;
using Eco.Actors.Sharding;
using Eco.Host.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Eco.Host.Api;

/// <summary>The operators' endpoint (what <c>eco cluster|shards|jobs</c> call): membership, shards, leases, jobs, leave and down.</summary>
internal static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").WithTags("Admin");
        admin.MapGet("/cluster", GetClusterAsync).WithName("GetCluster");
        admin.MapGet("/local", GetLocal).WithName("GetLocal");
        admin.MapGet("/shards", GetShardsAsync).WithName("GetShards");
        admin.MapPost("/cluster/leave/{nodeId}", LeaveAsync).WithName("LeaveCluster");
        admin.MapPost("/cluster/down/{nodeId}", DownAsync).WithName("DownNode");
        admin.MapGet("/jobs/{jobId}", GetJobAsync).WithName("GetJobAdmin");
        return admin;
    }

    internal sealed record NodeView(
        [property: JsonPropertyName("node_id")] string NodeId,
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
        [property: JsonPropertyName("shards")] IReadOnlyList<int> Shards,
        [property: JsonPropertyName("tokens")] IReadOnlyList<long> Tokens);

    internal sealed record ClusterView(
        [property: JsonPropertyName("mode")] string Mode,
        [property: JsonPropertyName("self")] string Self,
        [property: JsonPropertyName("shard_count")] int ShardCount,
        [property: JsonPropertyName("nodes")] IReadOnlyList<NodeView> Nodes,
        [property: JsonPropertyName("unowned_shards")] IReadOnlyList<int> Unowned);

    internal sealed record LocalView(
        [property: JsonPropertyName("node_id")] string NodeId,
        [property: JsonPropertyName("active_entities")] int ActiveEntities,
        [property: JsonPropertyName("entities_by_shard")] IReadOnlyDictionary<int, int> EntitiesByShard);

    internal sealed record ShardsView(
        [property: JsonPropertyName("shard_count")] int ShardCount,
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

    /// <summary>Membership and owners read fresh from the lease store (not a node's last-tick snapshot): what an operator sees is now.</summary>
    public static async Task<Ok<ClusterView>> GetClusterAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<ShardCoordinator>() is not { } coordinator || services.GetService<ILeaseStore>() is not { } leases)
        {
            var self = Environment.MachineName;
            return TypedResults.Ok(new ClusterView("single", self, 1, [new NodeView(self, "", "up", DateTimeOffset.MinValue, [0], [])], []));
        }
        var shardCount = coordinator.Resolver.ShardCount;
        var owners = await leases.GetOwnersAsync(shardCount, cancellationToken);
        var nodes = (await leases.GetLiveNodesAsync(cancellationToken)).Select(n =>
        {
            var held = owners.Values.Where(l => l.NodeId == n.NodeId).OrderBy(l => l.Shard).ToList();
            return new NodeView(n.NodeId, n.Address, n.Status, n.StartedAt, [.. held.Select(l => l.Shard)], [.. held.Select(l => l.Token)]);
        }).ToList();
        var unowned = Enumerable.Range(0, shardCount).Where(s => !owners.ContainsKey(s)).ToList();
        return TypedResults.Ok(new ClusterView("cluster", coordinator.NodeId, shardCount, nodes, unowned));
    }

    public static Ok<LocalView> GetLocal(EntityRegion<IJobMessage> region, IServiceProvider services)
    {
        var resolver = services.GetService<ShardCoordinator>()?.Resolver ?? new ShardResolver(1);
        var byShard = region.ActiveIds.GroupBy(resolver.ShardOf).ToDictionary(g => g.Key, g => g.Count());
        return TypedResults.Ok(new LocalView(services.GetService<ShardCoordinator>()?.NodeId ?? Environment.MachineName, region.ActiveCount, byShard));
    }

    public static async Task<Ok<ShardsView>> GetShardsAsync(IServiceProvider services, IHttpClientFactory http, CancellationToken cancellationToken)
    {
        var cluster = (await GetClusterAsync(services, cancellationToken)).Value!;
        var client = http.CreateClient("eco-forward");
        var rows = new List<ShardsNode>();
        foreach (var node in cluster.Nodes)
        {
            int? active = null;
            try
            {
                var local = node.Address.Length == 0
                    ? GetLocal(services.GetRequiredService<EntityRegion<IJobMessage>>(), services).Value
                    : await client.GetFromJsonAsync<LocalView>(new Uri(new Uri(node.Address.TrimEnd('/') + "/"), "admin/local"), cancellationToken);
                active = local?.ActiveEntities;
            }
            catch (HttpRequestException)
            {
                // the node is unreachable right now: show its shards, not its entities
            }
            rows.Add(new ShardsNode(node.NodeId, node.Shards.Count, active));
        }
        var counts = rows.Select(r => r.Shards).DefaultIfEmpty(0).ToList();
        return TypedResults.Ok(new ShardsView(cluster.ShardCount, rows, $"min {counts.Min()}, max {counts.Max()}, unowned {cluster.Unowned.Count}"));
    }

    public static async Task<Results<Accepted, NotFound<ProblemDetails>, ProblemHttpResult>> LeaveAsync(
        string nodeId, IServiceProvider services, IHttpClientFactory http, CancellationToken cancellationToken)
    {
        if (services.GetService<ShardCoordinator>() is not { } coordinator)
        {
            return TypedResults.Problem(detail: "this node is not in a cluster (Eco:Cluster:Enabled is false)", statusCode: StatusCodes.Status409Conflict);
        }
        if (nodeId == coordinator.NodeId)
        {
            _ = Task.Run(() => coordinator.LeaveAsync(CancellationToken.None), CancellationToken.None); // hands shards over in the background
            return TypedResults.Accepted($"/admin/cluster");
        }
        if (!coordinator.Nodes.TryGetValue(nodeId, out var node))
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not Found", Detail = $"no live node '{nodeId}'" });
        }
        using var response = await http.CreateClient("eco-forward").PostAsync(new Uri(new Uri(node.Address.TrimEnd('/') + "/"), $"admin/cluster/leave/{nodeId}"),
            null, cancellationToken);
        return response.IsSuccessStatusCode
            ? TypedResults.Accepted($"/admin/cluster")
            : TypedResults.Problem(detail: $"node '{nodeId}' answered {(int)response.StatusCode}", statusCode: StatusCodes.Status502BadGateway);
    }

    public static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> DownAsync(string nodeId, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<ShardCoordinator>() is not { } coordinator || services.GetService<ILeaseStore>() is not { } leases)
        {
            return TypedResults.Problem(detail: "this node is not in a cluster (Eco:Cluster:Enabled is false)", statusCode: StatusCodes.Status409Conflict);
        }
        var held = coordinator.Owners.Values.Count(l => l.NodeId == nodeId);
        // Its leases go now, and the survivors raise the fences as they take over: if the node is alive after all, it cannot write.
        await leases.RemoveNodeAsync(nodeId, coordinator.Resolver.ShardCount, down: true, cancellationToken);
        return TypedResults.Ok(JsonSerializer.SerializeToElement(new { node_id = nodeId, released_shards = held }));
    }

    public static async Task<Results<Ok<JobAdminView>, NotFound<ProblemDetails>, ProblemHttpResult>> GetJobAsync(
        string jobId, JobService jobs, EntityRegion<IJobMessage> region, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!JobId.TryParse(jobId, out var id, out var error))
        {
            return TypedResults.Problem(detail: error, statusCode: StatusCodes.Status400BadRequest);
        }
        if (await jobs.GetAsync(id, cancellationToken) is not { } found)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not Found", Detail = $"no job with id '{id}'" });
        }
        var coordinator = services.GetService<ShardCoordinator>();
        var shard = coordinator?.Resolver.ShardOf(id) ?? 0;
        var owner = coordinator is null ? Environment.MachineName : coordinator.Owners.TryGetValue(shard, out var lease) ? lease.NodeId : null;
        var state = found.State;
        return TypedResults.Ok(new JobAdminView(id.Value, shard, owner, state.Status.ToString().ToLowerInvariant(), state.LastSeq, state.CurrentStage,
            [.. state.StageOutputs.Keys.Order(StringComparer.Ordinal)], region.IsActive(id)));
    }
}
