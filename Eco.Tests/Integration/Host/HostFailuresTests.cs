using Eco.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Eco.Tests.Integration.Host;

/// <summary>A host stopped by a failing background service must not look like a clean shutdown (eco serve exits 1 on it).</summary>
public sealed class HostFailuresTests
{
    [Fact]
    public async Task BackgroundServiceThrows_HostStops_AndTheFailureIsReported()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHostedService<Failing>();
        builder.Services.AddHostedService<Healthy>();
        using var host = builder.Build();
        var watched = HostFailures.Watch(host.Services);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.RunAsync(timeout.Token); // returns normally: the host stopped itself

        Assert.False(timeout.IsCancellationRequested, "the host did not stop when a background service failed");
        var failure = Assert.Single(watched.Failures);
        Assert.Equal(nameof(Failing), failure.Service);
        Assert.Equal("journal unreachable", failure.Error.Message);
    }

    [Fact]
    public async Task CleanStop_ReportsNoFailure()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHostedService<Healthy>();
        using var host = builder.Build();
        var watched = HostFailures.Watch(host.Services);
        await host.StartAsync();
        await host.StopAsync();

        Assert.Empty(watched.Failures);
    }

    private sealed class Failing : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Delay(50, stoppingToken);
            throw new InvalidOperationException("journal unreachable");
        }
    }

    private sealed class Healthy : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }
}
