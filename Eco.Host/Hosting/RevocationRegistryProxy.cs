namespace Eco.Host.Hosting;

/// <summary>The key of the revocation registry's cluster-singleton proxy in Akka.Hosting's actor registry.</summary>
internal sealed class RevocationRegistryProxy;
