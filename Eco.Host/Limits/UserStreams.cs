using System.Collections.Concurrent;
using System.Security.Claims;
using Eco.Host.Auth;
using Microsoft.Extensions.Options;

namespace Eco.Host.Limits;

/// <summary>The job streams (WebSocket or Server-Sent Events) open on this node, by user and job: bounds how many one user holds
/// on one job, and ends those whose token is revoked while they are open.</summary>
internal sealed class UserStreams(IOptions<UserLimitOptions> options)
{
    private readonly ConcurrentDictionary<OpenStream, byte> _open = new();
    // Streams per (user, job), so opening one costs a lookup, not a scan of every stream on the node.
    private readonly Dictionary<(string User, string JobId), int> _perJob = [];

    /// <summary>Registers a stream; null when the user already has the limit open on this job (see <see cref="TooMany"/>).</summary>
    public OpenStream? TryOpen(ClaimsPrincipal user, string jobId)
    {
        var stream = new OpenStream(this, user.UserId(), jobId, user.FindFirst(EcoClaims.TokenId)?.Value, user.IssuedAtTime());
        lock (_perJob)
        {
            var open = _perJob.GetValueOrDefault((stream.User, jobId));
            if (open >= options.Value.StreamsPerJob)
            {
                return null;
            }
            _perJob[(stream.User, jobId)] = open + 1;
            _open[stream] = 0;
        }
        return stream;
    }

    /// <summary>The refusal when <see cref="TryOpen"/> found the user at the limit: 429 with <c>Retry-After</c>.</summary>
    public IResult TooMany(HttpResponse response)
    {
        response.Headers.RetryAfter = "5";
        return TypedResults.Problem(detail: $"this user already has {options.Value.StreamsPerJob} streams open on this job; close one first",
            statusCode: StatusCodes.Status429TooManyRequests);
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

    private void Close(OpenStream stream)
    {
        lock (_perJob)
        {
            if (!_open.TryRemove(stream, out _))
            {
                return;
            }
            var key = (stream.User, stream.JobId);
            var left = _perJob[key] - 1;
            if (left == 0)
            {
                _perJob.Remove(key);
            }
            else
            {
                _perJob[key] = left;
            }
        }
    }

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
