using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;

namespace Eco.Actors.Persistence;

/// <summary>Makes <see cref="EcoReadJournal"/> for Akka.Persistence.Query (named by the <c>class</c> of its configuration block).</summary>
/// <param name="system">The actor system.</param>
/// <param name="config">The read journal's configuration (<c>page-size</c>).</param>
public sealed class EcoReadJournalProvider(ExtendedActorSystem system, Config config) : IReadJournalProvider
{
    /// <inheritdoc />
    public IReadJournal GetReadJournal() => new EcoReadJournal(system, config);
}
