using Eco.Actors.Images;
using Microsoft.Extensions.Options;

namespace Eco.Host.Hosting;

/// <summary>Deletes photos older than <see cref="ImageOptions.RetainFor"/>, at start and then hourly, so uploads do not fill the
/// disk. Every node sweeps; a delete another node did first simply finds nothing.</summary>
internal sealed class ImageRetention(IImageStore images, IOptions<ImageOptions> options, TimeProvider time, ILogger<ImageRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Deletes what is past its time now; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var deleted = await images.DeleteStoredBeforeAsync(time.GetUtcNow() - options.Value.RetainFor, cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            HostLog.ImagesExpired(logger, deleted, options.Value.RetainFor);
        }
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    HostLog.ImageSweepFailed(logger, ex); // the database may be down: the next sweep tries again
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}
