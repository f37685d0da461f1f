using System.Diagnostics.Metrics;

namespace Eco.Bench;

/// <summary>Mean server-side time of the job submissions (ASP.NET Core's <c>http.server.request.duration</c> for POST /v1/jobs),
/// to tell the node's share of a submission from the client's and the connection's.</summary>
internal sealed class SubmitHandlerClock : IDisposable
{
    private readonly MeterListener _listener = new();
    private double _totalSeconds;
    private long _count;

    public SubmitHandlerClock()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            string? route = null, method = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "http.route")
                {
                    route = tag.Value as string;
                }
                else if (tag.Key == "http.request.method")
                {
                    method = tag.Value as string;
                }
            }
            if (route?.TrimEnd('/') == "/v1/jobs" && method == "POST")
            {
                lock (_listener)
                {
                    _totalSeconds += seconds;
                    _count++;
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Mean milliseconds since the last call, then starts over.</summary>
    public double TakeMeanMilliseconds()
    {
        lock (_listener)
        {
            var mean = _count == 0 ? 0 : _totalSeconds / _count * 1000;
            (_totalSeconds, _count) = (0, 0);
            return mean;
        }
    }

    public void Dispose() => _listener.Dispose();
}
