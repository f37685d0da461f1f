namespace Eco.Host.Hosting;

/// <summary>
/// Why a host stopped by itself. Up to .NET 10 a background service that throws stops the host but <c>RunAsync</c> still
/// completes normally, so without this a node that died of an error would exit 0 and look like a clean shutdown.
/// </summary>
internal sealed class HostFailures
{
    private readonly IReadOnlyList<BackgroundService> _services;

    private HostFailures(IReadOnlyList<BackgroundService> services) => _services = services;

    /// <summary>Takes the host's background services now: <c>RunAsync</c> disposes the service provider when it returns.</summary>
    public static HostFailures Watch(IServiceProvider services) =>
        new(services.GetServices<IHostedService>().OfType<BackgroundService>().ToList());

    /// <summary>The background services that ended with an exception, with it.</summary>
    public IReadOnlyList<(string Service, Exception Error)> Failures =>
        _services.Where(service => service.ExecuteTask is { IsFaulted: true })
            .Select(service => (service.GetType().Name, service.ExecuteTask!.Exception!.GetBaseException()))
            .ToList();
}
