using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Eco.Actors.Revocations;
using Eco.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Eco.Tests.MultiNode;

/// <summary>The revocation list in a cluster: one registry (a singleton), every node's list following it.</summary>
[Trait("Category", "MultiNode")]
public sealed class RevocationClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);

    private static RevocationList ListOf(TestNode node) => node.Services.GetRequiredService<RevocationList>();

    [Fact]
    public async Task Revoke_OnOneNode_IsRefusedByEveryNodeWithinASecond_AlsoInALargeList_AndByANodeThatJoinsLater()
    {
        await using var cluster = new ClusterHarness(shardCount: 30);
        var a = await cluster.StartNodeAsync("node-a");
        var b = await cluster.StartNodeAsync("node-b");
        await cluster.WaitForMembersAsync(2);
        await ClusterHarness.WaitUntilAsync(() => Task.FromResult(ListOf(a).IsLoaded && ListOf(b).IsLoaded), TimeSpan.FromSeconds(30), "both lists loaded");

        // A publish reaches node-b once its subscription has spread through the cluster (the refresh would heal a miss within 5 s):
        // the timed revocations below start once one has gone through.
        Assert.Equal(HttpStatusCode.Created, (await a.Admin.PostAsJsonAsync("admin/revocations/tokens", new { jti = "warm-up" })).StatusCode);
        await ClusterHarness.WaitUntilAsync(() => Task.FromResult(ListOf(b).IsRevoked("warm-up", null, null)), TimeSpan.FromSeconds(20), "node-b refuses warm-up");

        var jti = $"tok-{Guid.NewGuid():N}";
        var tokenTook = await TimeUntilRefusedAsync(ListOf(b), state => state.IsRevoked(jti, null, null),
            () => a.Admin.PostAsJsonAsync("admin/revocations/tokens", new { jti, reason = "leaked" }));
        output.WriteLine($"token revoked through node-a refused by node-b after {tokenTook.TotalMilliseconds:0.0} ms (the HTTP request included)");
        Assert.True(tokenTook < Within, $"node-b refused the token after {tokenTook.TotalMilliseconds:0} ms");

        var issued = DateTimeOffset.UtcNow.AddMinutes(-1);
        var userTook = await TimeUntilRefusedAsync(ListOf(a), state => state.IsRevoked(null, "alice", issued),
            () => b.Admin.PostAsync("admin/revocations/users/alice", content: null)); // through node-b's proxy to the registry on node-a
        output.WriteLine($"user revoked through node-b refused by node-a after {userTook.TotalMilliseconds:0.0} ms");
        Assert.True(userTook < Within, $"node-a refused the user after {userTook.TotalMilliseconds:0} ms");

        // The list travels whole: past Akka's default frame (128,000 bytes) it must still reach every node, as fast.
        var reason = new string('r', 450);
        for (var i = 0; i < 300; i++)
        {
            using var bulk = await a.Admin.PostAsJsonAsync("admin/revocations/tokens", new { jti = $"bulk-{i}", reason });
            Assert.Equal(HttpStatusCode.Created, bulk.StatusCode);
        }
        var last = $"tok-{Guid.NewGuid():N}";
        var largeTook = await TimeUntilRefusedAsync(ListOf(b), state => state.IsRevoked(last, null, null),
            () => a.Admin.PostAsJsonAsync("admin/revocations/tokens", new { jti = last, reason }));
        output.WriteLine($"token revoked in a list of {ListOf(b).State.Tokens.Count} refused by node-b after {largeTook.TotalMilliseconds:0.0} ms");
        Assert.True(largeTook < Within, $"with a large list node-b refused the token after {largeTook.TotalMilliseconds:0} ms");
        Assert.True(Enumerable.Range(0, 300).All(i => ListOf(b).IsRevoked($"bulk-{i}", null, null)));

        var c = await cluster.StartNodeAsync("node-c"); // it asks for the whole list at once
        await ClusterHarness.WaitUntilAsync(() => Task.FromResult(ListOf(c).IsLoaded), TimeSpan.FromSeconds(30), "node-c's list loaded");
        Assert.Equal(ListOf(a).State.Revision, ListOf(c).State.Revision);
        Assert.True(ListOf(c).IsRevoked(jti, null, null));
        Assert.True(ListOf(c).IsRevoked(last, null, null));
        Assert.True(ListOf(c).IsRevoked(null, "alice", issued));
    }

    /// <summary>Sends a revocation and returns how long after the request started <paramref name="list"/> refused it.</summary>
    private static async Task<TimeSpan> TimeUntilRefusedAsync(RevocationList list, Func<RevocationState, bool> refuses, Func<Task<HttpResponseMessage>> revokeAsync)
    {
        var clock = new Stopwatch();
        var refused = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Changed(RevocationState state)
        {
            if (refuses(state))
            {
                refused.TrySetResult(clock.Elapsed);
            }
        }
        list.Changed += Changed;
        try
        {
            clock.Start();
            using var response = await revokeAsync();
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var took = await refused.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(refuses(list.State));
            return took;
        }
        finally
        {
            list.Changed -= Changed;
        }
    }
}
