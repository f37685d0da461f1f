using System.Collections.Concurrent;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Microsoft.Extensions.Options;

namespace Eco.Host.Limits;

/// <summary>Bounds the jobs one user has running at once through this node.</summary>
/// <remarks>A job counts from its admission until its journal says it ended (read only when the user is at the limit, so the
/// usual submission costs no read); a slot is reserved before the submission, so two at once cannot both take the last one.</remarks>
internal sealed class UserJobLimiter(IJournal journal, IOptions<UserLimitOptions> options)
{
    private readonly ConcurrentDictionary<string, UserJobs> _users = new(StringComparer.Ordinal);

    /// <summary>A reserved slot, or null when the user already has the limit of jobs running.</summary>
    public async Task<Slot?> TryReserveAsync(string user, CancellationToken cancellationToken)
    {
        var jobs = _users.GetOrAdd(user, _ => new UserJobs());
        var limit = options.Value.ConcurrentJobs;
        if (jobs.TryReserve(limit))
        {
            return new Slot(this, user, jobs);
        }
        // At the limit: drop the jobs that have ended since (on any node), then try once more.
        await DropEndedAsync(jobs, cancellationToken).ConfigureAwait(false);
        return jobs.TryReserve(limit) ? new Slot(this, user, jobs) : null;
    }

    /// <summary>Drops every user's ended jobs, and users with none left, so a node's memory follows the users active now.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var (user, jobs) in _users)
        {
            await DropEndedAsync(jobs, cancellationToken).ConfigureAwait(false);
            Forget(user, jobs);
        }
    }

    private async Task DropEndedAsync(UserJobs jobs, CancellationToken cancellationToken)
    {
        foreach (var job in jobs.Running())
        {
            if (await journal.GetStreamAsync(job, cancellationToken).ConfigureAwait(false) is null or { IsTerminal: true })
            {
                jobs.Ended(job);
            }
        }
    }

    private void Forget(string user, UserJobs jobs)
    {
        if (jobs.IsEmpty)
        {
            _users.TryRemove(new KeyValuePair<string, UserJobs>(user, jobs)); // only if it is still this (empty) entry
        }
    }

    /// <summary>A reserved place for one job: <see cref="Admit"/> it with the job's id, or dispose it to give the place back.</summary>
    internal sealed class Slot(UserJobLimiter limiter, string user, UserJobs jobs) : IDisposable
    {
        private bool _taken;

        public void Admit(JobId job)
        {
            jobs.Admit(job);
            _taken = true;
        }

        public void Dispose()
        {
            if (!_taken)
            {
                jobs.Release();
                limiter.Forget(user, jobs);
            }
        }
    }

    /// <summary>One user's running jobs and reservations.</summary>
    internal sealed class UserJobs
    {
        private readonly HashSet<JobId> _running = [];
        private int _reserved;

        public bool IsEmpty
        {
            get
            {
                lock (_running)
                {
                    return _running.Count == 0 && _reserved == 0;
                }
            }
        }

        public bool TryReserve(int limit)
        {
            lock (_running)
            {
                if (_running.Count + _reserved >= limit)
                {
                    return false;
                }
                _reserved++;
                return true;
            }
        }

        public void Admit(JobId job)
        {
            lock (_running)
            {
                _reserved--;
                _running.Add(job); // a repeat (same idempotency key) is one job
            }
        }

        public void Release()
        {
            lock (_running)
            {
                _reserved--;
            }
        }

        public void Ended(JobId job)
        {
            lock (_running)
            {
                _running.Remove(job);
            }
        }

        public List<JobId> Running()
        {
            lock (_running)
            {
                return [.. _running];
            }
        }
    }
}
