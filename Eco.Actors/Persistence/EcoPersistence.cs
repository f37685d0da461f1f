namespace Eco.Actors.Persistence;

/// <summary>Where Eco's Akka.Persistence plugins are configured (<c>hocon/eco.conf</c>).</summary>
public static class EcoPersistence
{
    /// <summary>The write journal's configuration path.</summary>
    public const string JournalPluginId = "akka.persistence.journal.eco";

    /// <summary>The snapshot store's configuration path.</summary>
    public const string SnapshotPluginId = "akka.persistence.snapshot-store.eco";
}
