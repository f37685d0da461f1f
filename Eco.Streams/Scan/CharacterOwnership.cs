using System.Security.Cryptography;
using System.Text;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;

namespace Eco.Streams.Scan;

/// <summary>Which characters each user has made friends with, in the journal: one internal stream per (user, character) whose
/// first event names the scan that granted it. A user gets a character once; a retried or replayed grant of the same scan is
/// still that scan's (the reference system's <c>ON CONFLICT (user_id, character_code) DO NOTHING</c>, with the granting job kept).</summary>
public sealed class CharacterOwnership(IJournal journal, TimeProvider time)
{
    private const string Granted = "character.granted";

    /// <summary>Grants <paramref name="character"/> to <paramref name="owner"/> by the scan <paramref name="job"/>.</summary>
    /// <returns>True when this scan made friends with it (now, or in an earlier attempt of the same step); false when an earlier
    /// scan of the user's had.</returns>
    public Task<bool> GrantAsync(string owner, string character, JobId job, CancellationToken cancellationToken) =>
        journal.ClaimAsync(StreamOf(owner, character), job, Granted, time.GetUtcNow(),
            new Dictionary<string, string> { ["owner"] = owner, ["character"] = character }, cancellationToken);

    /// <summary>The characters of <paramref name="names"/> that <paramref name="owner"/> has, oldest first.</summary>
    public async Task<IReadOnlyList<OwnedCharacter>> OwnedAsync(string owner, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var owned = new List<OwnedCharacter>();
        foreach (var name in names)
        {
            if (await journal.FirstClaimAsync(StreamOf(owner, name), cancellationToken).ConfigureAwait(false) is { } grant)
            {
                owned.Add(new OwnedCharacter(name, grant.Timestamp, JobEventData.ReadString(grant.DataJson, "job_id") ?? ""));
            }
        }
        return [.. owned.OrderBy(c => c.GrantedAt)];
    }

    // Hashed: user ids and character names may hold any character, stream ids only [A-Za-z0-9_-].
    private static JobId StreamOf(string owner, string character) =>
        JobId.Parse($"{InternalStreams.Prefix}owns_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{owner}\n{character}")), 0, 16)}");
}
