using System.Collections.Concurrent;
using System.Security.Claims;
using Eco.Host.Auth;
using Microsoft.Extensions.Options;

namespace Eco.Host.Limits;

/// <summary>The job streams open on this node, by user and job: bounds how many one user holds on one job, and ends those whose
/// token is revoked while they are open.</summary>
internal sealed class UserStreams(IOptions<UserLimitOptions> options)
{
    private readonly ConcurrentDictionary<OpenStream, byte> _open = new();

    /// <summary>Registers a stream; null when the user already has the limit open on this job.</summary>
    public OpenStream? TryOpen(ClaimsPrincipal user, string jobId)
    {
        var stream = new OpenStream(this, user.UserId(), jobId, user.FindFirst(EcoClaims.TokenId)?.Value, user.IssuedAtTime());
        lock (_open)
        {
            if (_open.Keys.Count(s => s.User == stream.User && s.JobId == jobId) >= options.Value.StreamsPerJob)
            {
                return null;
            }
            _open[stream] = 0;
        }
        return stream;
    }

    /// <summary>Ends every open stream whose token <paramref name="isRevoked"/> says is revoked; returns how many.</summary>
    public int EndRevoked(Func<string?, string, DateTimeOffset?, bool> isRevoked)
    {
        var ended = 0;
        foreach (var stream in _open.Keys)
        {
            if (isRevoked(stream.TokenId, stream.User, stream.IssuedAt))
            {
                stream.Revoke();
                ended++;
            }
        }
        return ended;
    }

    /// <summary>How many streams are open on this node.</summary>
    public int Count => _open.Count;

    private void Close(OpenStream stream) => _open.TryRemove(stream, out _);

    /// <summary>One open stream; dispose it when the stream ends.</summary>
    internal sealed class OpenStream(UserStreams owner, string user, string jobId, string? tokenId, DateTimeOffset? issuedAt) : IDisposable
    {
        private readonly CancellationTokenSource _revoked = new();

        public string User { get; } = user;
        public string JobId { get; } = jobId;
        public string? TokenId { get; } = tokenId;
        public DateTimeOffset? IssuedAt { get; } = issuedAt;

        /// <summary>Cancelled when the stream's token is revoked.</summary>
        public CancellationToken Revoked => _revoked.Token;

        public void Revoke()
        {
            try
            {
                _revoked.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the stream ended meanwhile
            }
        }

        public void Dispose()
        {
            owner.Close(this);
            _revoked.Dispose();
        }
    }
}
