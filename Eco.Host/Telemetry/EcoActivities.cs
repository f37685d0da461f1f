using System.Diagnostics;

namespace Eco.Host.Telemetry;

/// <summary>The spans Eco starts itself; every one carries the job id as <see cref="JobIdTag"/>.</summary>
internal static class EcoActivities
{
    public const string SourceName = "Eco";
    public const string JobIdTag = "eco.job_id";

    public static readonly ActivitySource Source = new(SourceName);
}
