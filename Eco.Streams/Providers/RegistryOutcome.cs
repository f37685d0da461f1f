namespace Eco.Streams.Providers;

/// <summary>How the registry answered a command.</summary>
public enum RegistryOutcome
{
    /// <summary>Done (or nothing to do: the registry already was so).</summary>
    Ok,

    /// <summary>No such provider, or no such version of it.</summary>
    NotFound,

    /// <summary>The registry's state forbids it (the provider exists, is retired, or a chain still uses it).</summary>
    Conflict,

    /// <summary>The command itself is wrong (settings, names, an empty chain).</summary>
    Invalid,
}
