using System.Diagnostics;

namespace Eco.Actors.Jobs;

/// <summary>The job's spans: one per stage attempt, under the submit's span when the job was submitted in this actor's life.</summary>
internal static class JobActivities
{
    /// <summary>One source name for all of Eco's spans, whichever assembly starts them, so a tracer takes the whole job with one name.</summary>
    public static readonly ActivitySource Source = new("Eco");
}
