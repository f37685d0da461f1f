namespace Eco.Streams.Providers;

/// <summary>Asks for the registry's state; answered with a <see cref="RegistryResult"/>.</summary>
public sealed record GetProviderRegistry : IProviderRegistryProtocol
{
    /// <summary>The one instance.</summary>
    public static GetProviderRegistry Instance { get; } = new();
}
