using Eco.Actors.Jobs;

namespace Eco.Actors.Journal;

/// <summary>A page request over the journal's jobs, ordered by job id.</summary>
/// <param name="UnfinishedOnly">Only jobs without a terminal event (the ones to resume after a restart).</param>
/// <param name="AfterJobId">Keyset cursor: only ids greater than this one.</param>
/// <param name="Limit">At most this many rows.</param>
public sealed record JobListQuery(bool UnfinishedOnly = false, JobId? AfterJobId = null, int Limit = 100);
