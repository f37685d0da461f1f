using Eco.Actors.Journal.Postgres;

namespace Eco.Host.Hosting;

/// <summary>A node may start while its PostgreSQL is down (a restart, a pod scheduled first): the journal keeps trying and the node stays
/// not ready until it answers. A failure that waiting cannot mend (a wrong password, a migration error) stops the node with the reason.</summary>
internal sealed class PostgresReadiness(PostgresJournal journal, NodeReadiness readiness) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await journal.WaitReadyAsync(stoppingToken);
        readiness.MarkJournalReady();
    }
}
