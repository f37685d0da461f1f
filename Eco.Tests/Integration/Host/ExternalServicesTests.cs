using System.Collections.Concurrent;
using Eco.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Eco.Tests.Integration.Host;

/// <summary>A configured outside service is called over real HTTP; an unconfigured one is reported honestly.</summary>
[Trait("Category", "Integration")]
public sealed class ExternalServicesTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _authorizations = new();
    private WebApplication _weather = null!;
    private Uri _weatherUri = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _weather = builder.Build();
        _weather.MapGet("/current", (HttpRequest request, double lat, double lon) =>
        {
            _authorizations.Enqueue(request.Headers.Authorization.ToString());
            return Results.Json(new { temperature_c = 31.5, humidity_pct = 90, precipitation = "rain" });
        });
        await _weather.StartAsync();
        _weatherUri = new Uri(_weather.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        await _weather.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Weather_ConfiguredService_IsCalledWithTheKeyAndItsObservationShapesTheTips()
    {
        await using var node = await TestNode.StartAsync(_dir.Path, TimeSpan.Zero, new Dictionary<string, string?>
        {
            ["Eco:Services:Weather:BaseUrl"] = _weatherUri.ToString(),
            ["Eco:Services:Weather:ApiKey"] = "weather-key",
        });
        var jobId = await node.SubmitAsync(new { kind = "chat", message = "오늘 날씨 어때?", location = new { latitude = 37.5665, longitude = 126.978 } });
        var state = await node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(30));
        Assert.Equal("completed", state.GetProperty("status").GetString());
        Assert.Equal("Bearer weather-key", Assert.Single(_authorizations));
        var weather = (await node.GetEventsAsync(jobId)).Single(e => e.Type == "stage.completed" && e.Stage == "agent.weather");
        Assert.Contains("31.5", weather.Raw); // the observation the service returned is journaled with the tips
        Assert.Contains("종이", state.GetProperty("answer").GetString()); // rain: keep paper dry
    }

    [Fact]
    public async Task WebSearch_NotConfigured_AnswerSaysSoInsteadOfInventingNews()
    {
        await using var node = await TestNode.StartAsync(_dir.Path, TimeSpan.Zero);
        var jobId = await node.SubmitChatAsync("최신 분리배출 정책 뉴스 검색해줘");
        var state = await node.WaitForEndAsync(jobId, TimeSpan.FromSeconds(30));
        Assert.Contains("설정되어 있지 않아", state.GetProperty("answer").GetString());
    }
}
