namespace Eco.Actors.Jobs;

/// <summary>The event type names used on every surface (journal, REST, WebSocket).</summary>
public static class JobEventTypes
{
    /// <summary>The job was accepted and is durable.</summary>
    public const string Accepted = "job.accepted";
    /// <summary>A stage began (data.attempt counts retries and resumes).</summary>
    public const string StageStarted = "stage.started";
    /// <summary>A stage finished; data.output holds its journaled result.</summary>
    public const string StageCompleted = "stage.completed";
    /// <summary>A stage attempt failed; data.will_retry says whether it runs again.</summary>
    public const string StageFailed = "stage.failed";
    /// <summary>A piece of streamed answer text in data.text.</summary>
    public const string Token = "token";
    /// <summary>Terminal: the job finished with data.answer.</summary>
    public const string Completed = "job.completed";
    /// <summary>Terminal: the job failed with data.reason.</summary>
    public const string Failed = "job.failed";

    /// <summary>Progress a stage reports while it runs: <c>llm.waiting</c>, <c>llm.retry</c>, <c>llm.fallback</c>, <c>needs_input</c>.</summary>
    public static bool IsStageProgress(string type) => type is "llm.waiting" or "llm.retry" or "llm.fallback" or "needs_input" or "subagent.note";

    /// <summary>True for the two terminal types.</summary>
    public static bool IsTerminal(string type) => type is Completed or Failed;
}
