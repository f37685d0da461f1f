namespace Eco.Actors.Jobs;

/// <summary>Hears that a job ended, once its terminal event is durable.</summary>
/// <remarks>Told again when a recovered job is found already ended, so an observer that must not miss an ending (a conversation
/// waiting to close its turn) gets it even when the node crashed between the terminal event and the first call. Must be idempotent,
/// and must not block: it runs on the job's actor (send a message).</remarks>
public interface IJobObserver
{
    /// <summary>An observer that does nothing.</summary>
    static readonly IJobObserver None = new NoObserver();

    /// <summary>The job has ended; <paramref name="state"/> holds its outputs.</summary>
    void JobEnded(JobState state);

    private sealed class NoObserver : IJobObserver
    {
        public void JobEnded(JobState state)
        {
        }
    }
}
