namespace Eco.Streams.External;

/// <summary>Where an outside service lives. An empty base URL means "not configured": the offline adapter answers honestly.</summary>
public sealed class ExternalServiceOptions
{
    /// <summary>Base URL of the service, or empty.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>API key sent as a bearer token.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Timeout of one HTTP call. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>True when a base URL is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);
}
