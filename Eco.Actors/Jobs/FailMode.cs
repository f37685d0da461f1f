namespace Eco.Actors.Jobs;

/// <summary>What happens when a stage has used up its attempts.</summary>
public enum FailMode
{
    /// <summary>The job fails (<c>job.failed</c>).</summary>
    Close,
    /// <summary>The stage is recorded as failed-open (output <c>{"ok":false,…}</c>) and the job goes on without it.</summary>
    Open,
    /// <summary>The stage's fallback runs once (<see cref="StageRun.IsFallback"/>); if that fails too, the stage fails open.</summary>
    Fallback,
}
