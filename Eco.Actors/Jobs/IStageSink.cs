namespace Eco.Actors.Jobs;

/// <summary>Receives text a stage streams; each call becomes a journaled <c>token</c> event.</summary>
public interface IStageSink
{
    /// <summary>Queues text for the journal; waits when the entity is behind (backpressure).</summary>
    ValueTask EmitTokenAsync(string text, CancellationToken cancellationToken);

    /// <summary>Queues a progress event of this stage (e.g. <c>llm.waiting</c>, <c>llm.retry</c>, <c>needs_input</c>) for the journal.</summary>
    ValueTask EmitEventAsync(string type, string dataJson, CancellationToken cancellationToken);

    /// <summary>
    /// False once this node may no longer act for the job (in a cluster: it lost the job's shard, or could not renew its lease in
    /// time). A model call must not leave then: the job's next owner makes it.
    /// </summary>
    bool MayAct { get; }
}
