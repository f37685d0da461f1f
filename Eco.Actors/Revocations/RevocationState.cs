using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Eco.Actors.Revocations;

/// <summary>The revocation list: revoked tokens by id and revoked users by subject. A pure fold of the registry's events, and the
/// one place revocations are decided (so the actor only journals and answers).</summary>
/// <remarks>
/// It is read on every request, so lookups go to plain dictionaries (O(1)) that never change once built: an event copies them
/// (O(n); revocations are rare), and whoever holds the previous state keeps reading it undisturbed. A revoked token stays until
/// it expires (<see cref="Prune"/>); a revoked user stays.
/// </remarks>
public sealed class RevocationState
{
    /// <summary>The longest token id or user accepted, in characters.</summary>
    public const int MaxIdLength = 200;

    /// <summary>The longest reason accepted, in characters.</summary>
    public const int MaxReasonLength = 500;

    private readonly Dictionary<string, TokenRevoked> _tokens;
    private readonly Dictionary<string, UserRevoked> _users;

    /// <summary>A state as published and snapshotted.</summary>
    /// <param name="revision">The seq of the last event folded in; 0 before any.</param>
    /// <param name="tokens">Revoked tokens, one per id.</param>
    /// <param name="users">Revoked users, one per subject.</param>
    [JsonConstructor]
    public RevocationState(long revision, IReadOnlyCollection<TokenRevoked> tokens, IReadOnlyCollection<UserRevoked> users)
        : this(revision, tokens.ToDictionary(t => t.Jti, StringComparer.Ordinal), users.ToDictionary(u => u.Subject, StringComparer.Ordinal))
    {
    }

    private RevocationState(long revision, Dictionary<string, TokenRevoked> tokens, Dictionary<string, UserRevoked> users)
    {
        Revision = revision;
        _tokens = tokens;
        _users = users;
    }

    /// <summary>A list with nothing revoked.</summary>
    public static RevocationState Empty { get; } = new(0, new Dictionary<string, TokenRevoked>(StringComparer.Ordinal), new Dictionary<string, UserRevoked>(StringComparer.Ordinal));

    /// <summary>The seq of the last event folded in; a node follows only newer revisions.</summary>
    public long Revision { get; }

    /// <summary>Revoked tokens, in no particular order.</summary>
    public IReadOnlyCollection<TokenRevoked> Tokens => _tokens.Values;

    /// <summary>Revoked users, in no particular order.</summary>
    public IReadOnlyCollection<UserRevoked> Users => _users.Values;

    /// <summary>Whether a token is refused: its id is revoked, or its user was revoked at or after it was issued.</summary>
    /// <remarks>A token of a revoked user without an issue time counts as revoked. <c>iat</c> has whole seconds, so a token issued
    /// in the same second as its user's revocation counts as issued before it: refused, the safe side.</remarks>
    /// <param name="jti">The token's id (<c>jti</c>), if it has one.</param>
    /// <param name="subject">The token's user (<c>sub</c>), if it has one.</param>
    /// <param name="issuedAt">When the token was issued (<c>iat</c>), if it says.</param>
    public bool IsRevoked(string? jti, string? subject, DateTimeOffset? issuedAt) =>
        (jti is not null && _tokens.ContainsKey(jti))
        || (subject is not null && _users.TryGetValue(subject, out var user) && (issuedAt is not { } issued || issued <= user.RevokedAt));

    /// <summary>The revocation of a token, if it is revoked.</summary>
    public bool TryGetToken(string jti, [MaybeNullWhen(false)] out TokenRevoked token) => _tokens.TryGetValue(jti, out token);

    /// <summary>The latest revocation of a user, if it was revoked.</summary>
    public bool TryGetUser(string subject, [MaybeNullWhen(false)] out UserRevoked user) => _users.TryGetValue(subject, out user);

    /// <summary>Folds one event in. A token keeps its latest expiry and a user its latest cutoff, whatever order they come in.</summary>
    public RevocationState Apply(long seq, IRevocationEvent e) => e switch
    {
        TokenRevoked token => new(seq, _tokens.TryGetValue(token.Jti, out var known) && known.ExpiresAt >= token.ExpiresAt ? _tokens : With(_tokens, token.Jti, token), _users),
        UserRevoked user => new(seq, _tokens, _users.TryGetValue(user.Subject, out var earlier) && earlier.RevokedAt >= user.RevokedAt ? _users : With(_users, user.Subject, user)),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "not a revocation event"),
    };

    /// <summary>The state without the tokens expired by <paramref name="now"/> (they are refused anyway); the same revision.</summary>
    public RevocationState Prune(DateTimeOffset now) =>
        _tokens.Values.Any(t => t.ExpiresAt <= now)
            ? new(Revision, _tokens.Where(kv => kv.Value.ExpiresAt > now).ToDictionary(StringComparer.Ordinal), _users)
            : this;

    /// <summary>Revokes a token until it expires, at most <see cref="RevocationOptions.MaxTokenLifetime"/> after its first revocation.
    /// Revoked already, only a later expiry records anything: repeating a revocation records nothing.</summary>
    /// <param name="jti">The token's id.</param>
    /// <param name="expiresAt">Its expiry; null for <see cref="RevocationOptions.DefaultTokenLifetime"/> from now.</param>
    /// <param name="reason">Why, as the operator wrote it.</param>
    /// <param name="now">The registry's time.</param>
    /// <param name="options">The default and longest lifetimes.</param>
    public RevocationDecision RevokeToken(string jti, DateTimeOffset? expiresAt, string? reason, DateTimeOffset now, RevocationOptions options)
    {
        if ((IdProblem("'jti'", jti) ?? ReasonProblem(reason)) is { } problem)
        {
            return RevocationDecision.Refuse(problem);
        }
        if (expiresAt <= now)
        {
            return RevocationDecision.Refuse($"the token expired at {expiresAt:O}: an expired token is refused anyway, there is nothing to revoke");
        }
        if (_tokens.TryGetValue(jti, out var known))
        {
            // The cap counts from the first revocation (a token issued before it expires by then), so a repeat never moves it.
            var until = Earlier(expiresAt ?? known.ExpiresAt, known.RevokedAt + options.MaxTokenLifetime);
            return until > known.ExpiresAt
                ? RevocationDecision.Record(new TokenRevoked(jti, until, known.RevokedAt, Blank(reason) ?? known.Reason))
                : RevocationDecision.Unchanged;
        }
        return RevocationDecision.Record(new TokenRevoked(jti, Earlier(expiresAt ?? now + options.DefaultTokenLifetime, now + options.MaxTokenLifetime), now, Blank(reason)));
    }

    /// <summary>Revokes every token of a user issued until <paramref name="now"/>.</summary>
    public RevocationDecision RevokeUser(string subject, string? reason, DateTimeOffset now)
    {
        if ((IdProblem("the user", subject) ?? ReasonProblem(reason)) is { } problem)
        {
            return RevocationDecision.Refuse(problem);
        }
        return _users.TryGetValue(subject, out var known) && known.RevokedAt >= now
            ? RevocationDecision.Unchanged
            : RevocationDecision.Record(new UserRevoked(subject, now, Blank(reason)));
    }

    /// <summary>The same lists at a later revision: an event of a newer node's type, skipped.</summary>
    internal RevocationState Skip(long seq) => new(seq, _tokens, _users);

    private static string? IdProblem(string what, string id) =>
        string.IsNullOrWhiteSpace(id) ? $"{what} is empty"
        : id.Length > MaxIdLength ? $"{what} has {id.Length} characters; at most {MaxIdLength} are accepted"
        : null;

    private static string? ReasonProblem(string? reason) =>
        reason?.Length > MaxReasonLength ? $"the reason has {reason.Length} characters; at most {MaxReasonLength} are accepted" : null;

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string? Blank(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason;

    private static Dictionary<string, T> With<T>(Dictionary<string, T> map, string key, T value) => new(map, StringComparer.Ordinal) { [key] = value };
}
