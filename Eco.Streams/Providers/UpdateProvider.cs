namespace Eco.Streams.Providers;

/// <summary>Changes a provider's settings: <paramref name="PatchJson"/> is a JSON Merge Patch over the current version.</summary>
public sealed record UpdateProvider(string Name, string PatchJson) : IProviderRegistryProtocol;
