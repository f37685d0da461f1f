using Eco.FakeLlm;
using Eco.Host.FakeLlm;
using Eco.Streams.Llm;
using Eco.Streams.Llm.OpenAi;

namespace Eco.Tests.Integration.Llm;

/// <summary>The OpenAI adapter over HTTP/2 (prior knowledge) against a fake server that speaks nothing else.</summary>
[Trait("Category", "Integration")]
public sealed class OpenAiHttp2Tests
{
    [Fact]
    public async Task Http2Provider_StreamsAndCompletes_AgainstAnHttp2OnlyServer_AndHttp1IsRefused()
    {
        await using var server = await FakeLlmServer.StartAsync(new FakeLlmOptions { Http2Only = true, TokensPerSecond = 500 }, DomainFakeBrain.Create());
        var options = new OpenAiProviderOptions { BaseUrl = server.BaseUri.ToString(), Model = "m", ApiKey = "k", NetworkTimeout = TimeSpan.FromSeconds(5), Http2 = true };
        var model = new OpenAiChatModel("h2", options);
        var request = new ModelRequest([ChatTurn.User("페트병 어떻게 버려?")], new SummarizeTask(null, []), Schema: null, MaxOutputTokens: 50, "job-h2:answer");

        var pieces = new List<string>();
        await foreach (var piece in model.StreamAsync(request, default))
        {
            pieces.Add(piece);
        }
        var whole = await model.CompleteAsync(request, default);

        Assert.NotEmpty(pieces);
        Assert.False(string.IsNullOrWhiteSpace(whole.Text));
        // (the server counts a call once it has written its last byte, which can be just after the client has read it)
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            while (server.Stats.CompletedCalls("job-h2:answer") < 2)
            {
                await Task.Delay(10, deadline.Token);
            }
        }
        Assert.Equal(2, server.Stats.CompletedCalls("job-h2:answer"));

        var http1 = new OpenAiChatModel("h1", new OpenAiProviderOptions { BaseUrl = options.BaseUrl, Model = "m", ApiKey = "k", NetworkTimeout = TimeSpan.FromSeconds(5) });
        await Assert.ThrowsAnyAsync<Exception>(() => http1.CompleteAsync(request, default));
    }
}
