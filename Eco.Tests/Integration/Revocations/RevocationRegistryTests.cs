using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Eco.Actors.Persistence;
using Eco.Actors.Revocations;
using Eco.Actors.Snapshots;
using Eco.Tests.MultiNode;
using Eco.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Eco.Tests.Integration.Revocations;

/// <summary>The revocation registry on a real node: revocations through the admin API and the real `eco` command, refused by the
/// node's list at once, kept across a restart (from a snapshot and the events after it), and bad input refused with its reason.</summary>
[Trait("Category", "Integration")]
public sealed class RevocationRegistryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static RevocationList ListOf(TestNode node) => node.Services.GetRequiredService<RevocationList>();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static Task<HttpResponseMessage> RevokeTokenAsync(TestNode node, object body) => node.Admin.PostAsJsonAsync("admin/revocations/tokens", body);

    [Fact]
    public async Task RevokeAsync_ThroughTheAdminApi_IsRefusedAtOnceAndStillAfterARestart()
    {
        var everyTwoEvents = new Dictionary<string, string?> { ["Eco:Revocations:SnapshotEvery"] = "2" };
        var node = await TestNode.StartAsync(_dir.Path, settings: everyTwoEvents);
        try
        {
            var expires = DateTimeOffset.UtcNow.AddHours(1);
            var issuedBefore = DateTimeOffset.UtcNow.AddMinutes(-1);
            var revoked = await RevokeTokenAsync(node, new { jti = "tok-1", expires_at = expires, reason = "leaked in a log" });
            Assert.Equal(HttpStatusCode.Created, revoked.StatusCode);
            Assert.True(ListOf(node).IsRevoked("tok-1", null, null), "the node that took the revocation refuses the token before it answers");
            var recorded = await ReadAsync(revoked);
            Assert.True(recorded.GetProperty("recorded").GetBoolean());
            Assert.Equal("leaked in a log", recorded.GetProperty("token").GetProperty("reason").GetString());
            Assert.Equal(expires, recorded.GetProperty("token").GetProperty("expires_at").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));

            foreach (var repeat in new object[] { new { jti = "tok-1", expires_at = expires }, new { jti = "tok-1" } })
            {
                using var again = await RevokeTokenAsync(node, repeat);
                Assert.Equal(HttpStatusCode.OK, again.StatusCode); // idempotent: revoked already, nothing journaled
                Assert.False((await ReadAsync(again)).GetProperty("recorded").GetBoolean());
            }

            var user = await node.Admin.PostAsJsonAsync("admin/revocations/users/alice", new { reason = "left the team" });
            Assert.Equal(HttpStatusCode.Created, user.StatusCode);
            Assert.Equal("alice", (await ReadAsync(user)).GetProperty("user").GetProperty("subject").GetString());
            Assert.True(ListOf(node).IsRevoked("tok-7", "alice", issuedBefore));
            Assert.False(ListOf(node).IsRevoked("tok-8", "alice", DateTimeOffset.UtcNow.AddMinutes(1)), "a token issued after the revocation works");
            Assert.Equal(HttpStatusCode.Created, (await node.Admin.PostAsync("admin/revocations/users/bob", content: null)).StatusCode); // no body: no reason

            // Events 1 and 2 are in a snapshot; event 3 is replayed over it.
            var stream = PersistenceStreams.ToStream(RevocationRegistryActor.StreamId);
            var snapshots = node.Services.GetRequiredService<ISnapshotStore>();
            await ClusterHarness.WaitUntilAsync(async () => (await snapshots.LoadLatestAsync(stream, default))?.Seq == 2, TimeSpan.FromSeconds(10), "a snapshot at seq 2");

            await node.DisposeAsync();
            node = await TestNode.StartAsync(_dir.Path, settings: everyTwoEvents);
            var list = ListOf(node);
            await ClusterHarness.WaitUntilAsync(() => Task.FromResult(list.IsLoaded), TimeSpan.FromSeconds(20), "the list loaded after the restart");
            Assert.Equal(3, list.State.Revision);
            Assert.True(list.IsRevoked("tok-1", null, null));
            Assert.True(list.IsRevoked(null, "alice", issuedBefore));
            Assert.True(list.IsRevoked(null, "bob", issuedAt: null));

            var listed = JsonDocument.Parse(await node.Admin.GetStringAsync("admin/revocations")).RootElement;
            Assert.Equal(3, listed.GetProperty("revision").GetInt64());
            Assert.Equal(3, listed.GetProperty("node_revision").GetInt64());
            Assert.Equal(["tok-1"], listed.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("jti").GetString()));
            Assert.Equal(["bob", "alice"], listed.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("subject").GetString())); // newest first
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task RevokeTokenAsync_BadInput_IsRefusedWithTheReasonAndRecordsNothing()
    {
        await using var node = await TestNode.StartAsync(_dir.Path);

        async Task RefusedAsync(HttpResponseMessage response, string reason)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            Assert.Contains(reason, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
        }

        await RefusedAsync(await RevokeTokenAsync(node, new { expires_at = "2030-01-01T00:00:00Z" }), "'jti' is required");
        await RefusedAsync(await RevokeTokenAsync(node, new { jti = 42 }), "'jti' must be text");
        await RefusedAsync(await RevokeTokenAsync(node, new { jti = "" }), "'jti' is empty");
        await RefusedAsync(await RevokeTokenAsync(node, new { jti = new string('x', 201) }), "at most 200");
        await RefusedAsync(await RevokeTokenAsync(node, new { jti = "t", expires_at = "next tuesday" }), "'expires_at' is not a time");
        await RefusedAsync(await RevokeTokenAsync(node, new { jti = "t", expires_at = "2001-01-01T00:00:00Z" }), "expired at");
        await RefusedAsync(await RevokeTokenAsync(node, new { jti = "t", reason = new string('r', 501) }), "at most 500");
        await RefusedAsync(await node.Admin.PostAsync("admin/revocations/tokens", new StringContent("{\"jti\":", Encoding.UTF8, "application/json")), "malformed JSON");
        await RefusedAsync(await node.Admin.PostAsync("admin/revocations/tokens", new StringContent("[]", Encoding.UTF8, "application/json")), "must be a JSON object");
        await RefusedAsync(await node.Admin.PostAsync($"admin/revocations/users/{new string('u', 201)}", content: null), "at most 200");
        await RefusedAsync(await node.Admin.PostAsJsonAsync("admin/revocations/users/alice", new { reason = true }), "'reason' must be text");

        var listed = JsonDocument.Parse(await node.Admin.GetStringAsync("admin/revocations")).RootElement;
        Assert.Equal(0, listed.GetProperty("revision").GetInt64());
        Assert.Empty(listed.GetProperty("tokens").EnumerateArray());
        Assert.Empty(listed.GetProperty("users").EnumerateArray());
    }

    [Fact]
    public async Task RevokeTokenAsync_NoOrFarExpiry_KeepsItRevokedForTheDefaultOrAtMostTheCap()
    {
        await using var node = await TestNode.StartAsync(_dir.Path);
        var before = DateTimeOffset.UtcNow;

        var byDefault = await ReadAsync(await RevokeTokenAsync(node, new { jti = "no-expiry" }));
        var far = await ReadAsync(await RevokeTokenAsync(node, new { jti = "far", expires_at = before.AddYears(2) }));

        var after = DateTimeOffset.UtcNow;
        var defaultExpiry = byDefault.GetProperty("token").GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(defaultExpiry, before.AddDays(1), after.AddDays(1));
        Assert.InRange(far.GetProperty("token").GetProperty("expires_at").GetDateTimeOffset(), before.AddDays(30), after.AddDays(30));
        Assert.True(ListOf(node).IsRevoked("far", null, null));
    }

    [Fact]
    public async Task EcoRevoke_RealCommand_RevokesOnTheNodeAndListsIt()
    {
        await using var node = await TestNode.StartAsync(_dir.Path);
        var url = node.AdminUri.ToString();

        var user = await EcoCommand.RunAsync("users", "revoke", "alice", "--reason", "stolen laptop", "--url", url, "--data-dir", node.DataDir); // the CLI signs its own admin token with the node's key
        Assert.True(user.Exit == 0, user.Err);
        Assert.Contains("revoked user alice: tokens issued at or before", user.Out);
        Assert.Contains("(stolen laptop)", user.Out);
        Assert.True(ListOf(node).IsRevoked("any", "alice", DateTimeOffset.UtcNow.AddMinutes(-1)));

        var expires = DateTimeOffset.UtcNow.AddHours(2).ToString("O");
        var token = await EcoCommand.RunAsync("tokens", "revoke", "tok-9", "--expires-at", expires, "--json", "--url", url, "--data-dir", node.DataDir); // the CLI signs its own admin token with the node's key
        Assert.True(token.Exit == 0, token.Err);
        Assert.True(JsonDocument.Parse(token.Out).RootElement.GetProperty("recorded").GetBoolean());
        Assert.True(ListOf(node).IsRevoked("tok-9", null, null));
        var again = await EcoCommand.RunAsync("tokens", "revoke", "tok-9", "--url", url, "--data-dir", node.DataDir); // the CLI signs its own admin token with the node's key
        Assert.Contains("token tok-9 was revoked already", again.Out);

        var bad = await EcoCommand.RunAsync("tokens", "revoke", "tok-10", "--expires-at", "soon", "--url", url, "--data-dir", node.DataDir); // the CLI signs its own admin token with the node's key
        Assert.Equal(2, bad.Exit);
        Assert.Contains("refused (400)", bad.Err);
        Assert.Contains("'expires_at' is not a time", bad.Err);

        var table = await EcoCommand.RunAsync("revocations", "list", "--url", url, "--data-dir", node.DataDir); // the CLI signs its own admin token with the node's key
        Assert.True(table.Exit == 0, table.Err);
        Assert.Matches(@"user\s+alice\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+-\s+stolen laptop", table.Out);
        Assert.Matches(@"token\s+tok-9\s+", table.Out);
        Assert.DoesNotContain("tok-10", table.Out);
    }
}
