namespace Eco.Streams.Llm;

/// <summary>One model call: rendered messages for remote models, the typed task for the offline model, limits and identity.</summary>
/// <param name="Messages">System, history and user messages, in order.</param>
/// <param name="Task">The same call as data.</param>
/// <param name="Schema">JSON schema the reply must follow (structured output), or null for free text.</param>
/// <param name="MaxOutputTokens">Upper bound on generated tokens (also the tokens-per-minute cost estimate).</param>
/// <param name="CallKey"><c>{job}:{stage}</c>: identifies the call across retries and providers (sent as the OpenAI <c>user</c>).</param>
public sealed record ModelRequest(IReadOnlyList<ChatTurn> Messages, ModelTask Task, OutputSchema? Schema, int MaxOutputTokens, string CallKey)
{
    /// <summary>Receives waits, retries and fallbacks so they can be journaled and counted; may be null.</summary>
    public Func<ModelNotice, ValueTask>? Observer { get; init; }

    /// <summary>Receives the provider's own token counts for a streamed reply, if it reports them (set per attempt by
    /// <see cref="Resilience.ResilientChatModel"/>, for the usage statistics); may be null.</summary>
    public Action<TokenUsage>? UsageObserver { get; init; }

    /// <summary>
    /// False once the caller may no longer make this call (in a cluster: its node lost the job's shard). Checked as each attempt
    /// leaves — after every wait for a permit and before every retry — so a node that waited, stalled or was frozen past its lease
    /// does not call the model the next owner calls. Null: always allowed.
    /// </summary>
    public Func<bool>? MayCall { get; init; }

    /// <summary>Estimated prompt tokens, at ~2 characters per token, and a fixed cost per image.</summary>
    public int PromptTokens => Messages.Sum(m => m.Content.Length) / 2 + Messages.Count(m => m.Image is not null) * ModelImage.EstimatedTokens;

    /// <summary>Estimated tokens this call costs against a tokens-per-minute budget (prompt + output cap).</summary>
    public int EstimatedTokens => PromptTokens + MaxOutputTokens;

    /// <summary>Throws <see cref="ModelCallRevokedException"/> when the call may no longer leave.</summary>
    internal void EnsureMayCall()
    {
        if (MayCall is { } mayCall && !mayCall())
        {
            throw new ModelCallRevokedException(CallKey);
        }
    }

    /// <summary>Tells the observer, if any.</summary>
    internal ValueTask NotifyAsync(ModelNotice notice) => Observer?.Invoke(notice) ?? ValueTask.CompletedTask;
}
