using System.Net.Http.Json;
using System.Text.Json;
using Eco.Tests.MultiNode;
using Eco.Tests.Support;

namespace Eco.Tests.Integration.Providers;

/// <summary>The provider registry's admin endpoint as the tests use it: register, set the chain, wait for states.</summary>
public static class RegistryClient
{
    /// <summary>Node settings that probe every 200 ms, so state changes show within a second.</summary>
    public static Dictionary<string, string?> FastProbes() => new()
    {
        ["Eco:Llm:Registry:ProbeInterval"] = "00:00:00.200",
        ["Eco:Llm:Registry:ProbeTimeout"] = "00:00:02",
    };

    public static async Task<HttpResponseMessage> RegisterAsync(NodeClient node, string name, int port, string model = "fake", object? more = null)
    {
        var body = JsonSerializer.SerializeToNode(more ?? new { })!.AsObject();
        body["name"] = name;
        body["kind"] = "openai";
        body["base_url"] = $"http://127.0.0.1:{port}/v1";
        body["model"] = model;
        body["limits"] ??= new System.Text.Json.Nodes.JsonObject { ["max_retries"] = 0 };
        return await node.Admin.PostAsJsonAsync("admin/providers", body);
    }

    public static Task<HttpResponseMessage> SetChainAsync(NodeClient node, params string[] chain) => node.Admin.PutAsJsonAsync("admin/chain", new { chain });

    public static async Task<JsonElement> ShowAsync(NodeClient node, string name) =>
        JsonDocument.Parse(await node.Admin.GetStringAsync($"admin/providers/{name}")).RootElement;

    public static async Task<JsonElement> ChainAsync(NodeClient node) => JsonDocument.Parse(await node.Admin.GetStringAsync("admin/chain")).RootElement;

    public static string State(JsonElement detail) => detail.GetProperty("provider").GetProperty("state").GetString()!;

    public static Task WaitForStateAsync(NodeClient node, string name, string state, TimeSpan? timeout = null) =>
        ClusterHarness.WaitUntilAsync(async () => State(await ShowAsync(node, name)) == state, timeout ?? TimeSpan.FromSeconds(20), $"{name} {state}");

    /// <summary>Waits until this node's directory follows the registry's latest state and its chain in effect is <paramref name="effective"/>.</summary>
    public static Task WaitForEffectiveChainAsync(NodeClient node, params string[] effective) =>
        ClusterHarness.WaitUntilAsync(async () =>
        {
            var chain = await ChainAsync(node);
            return chain.GetProperty("node_revision").GetInt64() == chain.GetProperty("revision").GetInt64() &&
                chain.GetProperty("effective").EnumerateArray().Select(n => n.GetString()).SequenceEqual(effective);
        }, TimeSpan.FromSeconds(20), $"effective chain {string.Join(" → ", effective)}");
}
