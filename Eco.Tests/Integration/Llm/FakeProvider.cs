using Eco.FakeLlm;
using Eco.Host.FakeLlm;

namespace Eco.Tests.Integration.Llm;

/// <summary>A fake OpenAI-compatible server with the domain brain, and the settings that point a node's chain at it.</summary>
public static class FakeProvider
{
    public static Task<FakeLlmServer> StartAsync(TimeSpan latency, int tokensPerSecond = 0, FaultPlan? faults = null) =>
        FakeLlmServer.StartAsync(new FakeLlmOptions
        {
            MinLatency = latency,
            MaxLatency = latency,
            TokensPerSecond = tokensPerSecond,
            Faults = faults ?? new FaultPlan(),
        }, DomainFakeBrain.Create());

    /// <summary>Node settings: a chain of OpenAI providers (by model name) on the fake server, with quick retries for tests.</summary>
    public static Dictionary<string, string?> Chain(FakeLlmServer server, params string[] models)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < models.Length; i++)
        {
            var name = "p" + i;
            var prefix = $"Eco:Llm:Providers:{name}:";
            settings[$"Eco:Llm:Chain:{i}"] = name;
            settings[prefix + "Kind"] = "openai";
            settings[prefix + "OpenAi:BaseUrl"] = server.BaseUri.ToString();
            settings[prefix + "OpenAi:Model"] = models[i];
            settings[prefix + "OpenAi:ApiKey"] = "sk-test";
            settings[prefix + "OpenAi:NetworkTimeout"] = "00:00:05";
            settings[prefix + "Limits:RetryDelay"] = "00:00:00.050";
            settings[prefix + "Limits:MaxRetries"] = "6";
            settings[prefix + "Limits:AttemptTimeout"] = "00:00:05";
            settings[prefix + "Limits:BreakerThreshold"] = "1000";
        }
        return settings;
    }
}
