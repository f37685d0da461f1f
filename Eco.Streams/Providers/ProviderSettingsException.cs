namespace Eco.Streams.Providers;

/// <summary>Settings a provider cannot have; the message says why in our words.</summary>
public sealed class ProviderSettingsException(string message) : Exception(message);
