namespace Eco.Tests.Support;

/// <summary>
/// Tests that read an exact gauge value run alone, after every parallel test: OpenTelemetry listens to meters by name across the
/// process, so a scrape of one test node also reads the gauges of every other node alive in the test run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetricsCollection
{
    public const string Name = "process-wide metrics";
}
