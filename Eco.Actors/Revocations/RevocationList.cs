using Microsoft.Extensions.Logging;

namespace Eco.Actors.Revocations;

/// <summary>This node's copy of the cluster's revocation list, consulted on every request. <see cref="RevocationFollowerActor"/>
/// keeps it on the registry's latest state.</summary>
/// <remarks>Thread-safe: readers take the current state from a volatile field without a lock; a newer state replaces it whole.
/// Until the registry's state first arrives (a node starting) the list is empty and <see cref="IsLoaded"/> is false.</remarks>
public sealed class RevocationList(ILogger<RevocationList> logger)
{
    private readonly Lock _gate = new();
    private volatile RevocationState _state = RevocationState.Empty;
    private volatile bool _loaded;

    /// <summary>Raised with the new state each time a newer one is in force, in revision order, on the thread that applied it.</summary>
    /// <remarks>Handlers run under the list's lock: they must be quick (start closing a connection, do not wait for it). One that
    /// throws is logged and the others still run.</remarks>
    public event Action<RevocationState>? Changed;

    /// <summary>The state in force.</summary>
    public RevocationState State => _state;

    /// <summary>True once a state from the registry has arrived; before that nothing is known to be revoked.</summary>
    public bool IsLoaded => _loaded;

    /// <summary>Whether a token is refused (see <see cref="RevocationState.IsRevoked"/>).</summary>
    /// <param name="jti">The token's id (<c>jti</c>), if it has one.</param>
    /// <param name="subject">The token's user (<c>sub</c>), if it has one.</param>
    /// <param name="issuedAt">When the token was issued (<c>iat</c>), if it says.</param>
    public bool IsRevoked(string? jti, string? subject, DateTimeOffset? issuedAt) => _state.IsRevoked(jti, subject, issuedAt);

    /// <summary>Follows a newer registry state; an older or equal revision (a late or repeated message) changes nothing.</summary>
    /// <returns>True when the state was newer (or the first) and is now in force.</returns>
    public bool Apply(RevocationState state)
    {
        lock (_gate)
        {
            if (_loaded && state.Revision <= _state.Revision)
            {
                return false;
            }
            _state = state;
            _loaded = true;
            foreach (var handler in Changed?.GetInvocationList() ?? [])
            {
                try
                {
                    ((Action<RevocationState>)handler)(state);
                }
                catch (Exception ex)
                {
                    ActorsLog.RevocationHandlerFailed(logger, state.Revision, ex); // the list is current; one handler's failure stops no other
                }
            }
        }
        return true;
    }
}
