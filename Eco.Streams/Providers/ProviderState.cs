namespace Eco.Streams.Providers;

/// <summary>Where a provider stands. registered → active → in use → error → recovered (→ active or in use); retired is final.</summary>
public enum ProviderState
{
    /// <summary>Known, not yet seen answering (a self-hosted model may still be loading).</summary>
    Registered,

    /// <summary>Its probes pass; no chain names it.</summary>
    Active,

    /// <summary>Its probes pass and the chain names it: it takes calls.</summary>
    InUse,

    /// <summary>Its probe failed (or it never became ready): out of the chain until a probe passes.</summary>
    Error,

    /// <summary>A probe passed after an error: back in the chain, and active once the next probe passes too.</summary>
    Recovered,

    /// <summary>Taken out of service for good; kept for its history, refused in a chain.</summary>
    Retired,
}
