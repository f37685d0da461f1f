using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Eco.Host.Auth;

/// <summary>Who may see what: a job and a conversation belong to the user who created them, and to no one else but admins.</summary>
/// <remarks>
/// A job's owner is in its first event (<c>job.accepted</c>). A conversation's owner is claimed in the journal by its first turn,
/// first writer wins on every node (an append that expects an empty stream), so two users racing for one conversation id cannot
/// both get it. Owners never change, so each is read once and kept (bounded) in memory. Whoever may not see a thing is told it
/// does not exist, exactly as for an unknown id: ids leak nothing.
/// </remarks>
internal sealed class Ownership(IJournal journal, IOptions<AuthOptions> options, TimeProvider time) : IDisposable
{
    private const int CachedOwners = 100_000;
    private readonly MemoryCache _owners = new(new MemoryCacheOptions { SizeLimit = CachedOwners });

    /// <summary>True when <paramref name="user"/> may act as any user (read any job).</summary>
    public bool IsAdmin(ClaimsPrincipal user) => user.IsAdmin(options.Value);

    /// <summary>True when the job exists and <paramref name="user"/> owns it or is an admin.</summary>
    public async Task<bool> CanSeeJobAsync(JobId job, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (InternalStreams.IsInternal(job))
        {
            return false;
        }
        if (!_owners.TryGetValue(job.Value, out string? owner))
        {
            var first = await journal.ReadAsync(job, afterSeq: 0, maxCount: 1, cancellationToken).ConfigureAwait(false);
            if (first.Count == 0)
            {
                return false; // no such job (yet): not cached, it may come
            }
            owner = JobEventData.ReadString(first[0].DataJson, "owner") ?? "";
            Keep(job.Value, owner);
        }
        return owner == user.UserId() || IsAdmin(user);
    }

    /// <summary>True when <paramref name="owner"/> (a job's recorded owner) is <paramref name="user"/>, or the user is an admin.</summary>
    public bool CanSee(string? owner, ClaimsPrincipal user) => owner == user.UserId() || IsAdmin(user);

    /// <summary>True when the conversation exists (has a claimed owner) and the user owns it or is an admin.</summary>
    public async Task<bool> CanSeeConversationAsync(string conversationId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await ConversationOwnerAsync(conversationId, cancellationToken).ConfigureAwait(false) is { } owner && CanSee(owner, user);

    /// <summary>Makes <paramref name="user"/> the owner of a conversation that has none yet; true when the conversation is theirs
    /// (now or already). An admin posts only into conversations that are theirs, like anyone: turns carry their poster's name.</summary>
    public async Task<bool> ClaimConversationAsync(string conversationId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var owner = await ConversationOwnerAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (owner is not null)
        {
            return owner == user.UserId();
        }
        var claim = ClaimStream(conversationId);
        var claimed = new EventData("owner.claimed", time.GetUtcNow(), null, JsonSerializer.Serialize(new { owner = user.UserId() }));
        try
        {
            await journal.AppendAsync(claim, expectedSeq: 0, [claimed], cancellationToken).ConfigureAwait(false);
            Keep(claim.Value, user.UserId());
            return true;
        }
        catch (SequenceConflictException)
        {
            return await ConversationOwnerAsync(conversationId, cancellationToken).ConfigureAwait(false) == user.UserId(); // another node's claim came first
        }
    }

    private async Task<string?> ConversationOwnerAsync(string conversationId, CancellationToken cancellationToken)
    {
        var claim = ClaimStream(conversationId);
        if (_owners.TryGetValue(claim.Value, out string? owner))
        {
            return owner;
        }
        var first = await journal.ReadAsync(claim, afterSeq: 0, maxCount: 1, cancellationToken).ConfigureAwait(false);
        if (first.Count == 0)
        {
            return null;
        }
        owner = JobEventData.ReadString(first[0].DataJson, "owner") ?? "";
        Keep(claim.Value, owner);
        return owner;
    }

    public void Dispose() => _owners.Dispose();

    private void Keep(string key, string owner) => _owners.Set(key, owner, new MemoryCacheEntryOptions { Size = 1 });

    private static JobId ClaimStream(string conversationId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conversationId)));
        return JobId.Parse($"{InternalStreams.Prefix}owner_{hash[..32]}");
    }
}
