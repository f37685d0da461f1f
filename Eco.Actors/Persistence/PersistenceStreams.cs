using System.Globalization;
using System.Text;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;

namespace Eco.Actors.Persistence;

/// <summary>Maps Akka persistence ids onto the journal's stream ids: the one place the two id spaces meet.</summary>
/// <remarks>
/// A job's and a conversation's persistence id is its stream id (<c>0193…</c>, <c>conv_…</c>), unchanged. Akka's own persistent
/// actors (the remember-entities stores of sharding, <c>/sharding/ecoShard/12</c>) have ids that are not valid stream ids; they
/// become internal streams (<see cref="InternalStreams"/>) <c>_{hash}_{readable tail}</c>: stable, unique (the hash is of the whole
/// id), never a job.
/// </remarks>
public static class PersistenceStreams
{
    /// <summary>The journal stream of a persistence id.</summary>
    public static JobId ToStream(string persistenceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        if (persistenceId[0] != InternalStreams.Prefix && JobId.TryParse(persistenceId, out var stream, out _))
        {
            return stream;
        }
        var id = new StringBuilder(JobId.MaxLength);
        id.Append(InternalStreams.Prefix).Append(ShardResolver.Hash(persistenceId).ToString("x16", CultureInfo.InvariantCulture)).Append('_');
        foreach (var c in persistenceId.AsSpan().TrimStart('/'))
        {
            if (id.Length == JobId.MaxLength)
            {
                break;
            }
            id.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_');
        }
        return JobId.Parse(id.ToString());
    }
}
