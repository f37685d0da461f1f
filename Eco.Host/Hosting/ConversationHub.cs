using Eco.Actors.Entities;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Sharding;
using Eco.Streams.Chat;
using Eco.Streams.Chat.Conversations;
using Eco.Streams.Graph;
using Microsoft.Extensions.Options;

namespace Eco.Host.Hosting;

/// <summary>Hosts the conversation entities: grants turns to chat jobs and closes a turn when its job ends.</summary>
internal sealed class ConversationHub : IConversationTurns, IJobObserver, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly IJournal _journal;
    private readonly EntityRegion<IConversationMessage> _region;

    public ConversationHub(IServiceProvider services, IJournal journal, IShardOwnership ownership, IOptions<EntityRegionOptions> options, TimeProvider time,
        ILoggerFactory loggers)
    {
        _services = services;
        _journal = journal;
        // The job region is resolved when first needed: it depends on this hub (as its observer), so it cannot be injected here.
        _region = new EntityRegion<IConversationMessage>(
            context => new ConversationEntity(context, journal,
                (job, message, token) => services.GetRequiredService<EntityRegion<IJobMessage>>().TellAsync(job, message, token), time,
                ownership.FenceFor),
            options.Value, time, loggers.CreateLogger("Eco.Streams.Chat.Conversations"),
            deadLetter: message => (message as AcquireTurn)?.Reply.TrySetException(new InvalidOperationException("the conversation stopped")));
    }

    public async Task<TurnGrant> AcquireAsync(string conversationId, JobId job, string message, BusyPolicy policy, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<TurnGrant>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _region.TellAsync(Stream(conversationId), new AcquireTurn(job, message, policy, reply), cancellationToken).ConfigureAwait(false);
        return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask JobEndedAsync(JobState state, CancellationToken cancellationToken)
    {
        if (state.Spec?.ConversationId is not { } conversationId || !state.StageOutputs.ContainsKey(ChatStages.Context))
        {
            return; // not a conversation turn, or it never got its turn
        }
        var memory = StageOutputs.TryRead<SummarizeOutput>(state, ChatStages.Summarize);
        var end = memory is { Summarized: true }
            ? new EndTurn(state.JobId, state.Answer, state.FailureReason, memory.Summary, memory.KeptTurns)
            : new EndTurn(state.JobId, state.Answer, state.FailureReason, null, null);
        await _region.TellAsync(Stream(conversationId), end, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The conversation, or null when it has no turn yet.</summary>
    public async Task<ConversationView?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        var stream = Stream(conversationId);
        if (await _journal.GetStreamAsync(stream, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }
        var reply = new TaskCompletionSource<ConversationView>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _region.TellAsync(stream, new GetConversation(reply), cancellationToken).ConfigureAwait(false);
        var view = await reply.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return view with { ConversationId = conversationId };
    }

    /// <summary>Stops the conversations of a shard this node no longer owns.</summary>
    public Task StopShardAsync(Func<JobId, bool> inShard) => _region.StopWhereAsync(inShard, TimeSpan.FromSeconds(30));

    public ValueTask DisposeAsync() => _region.DisposeAsync();

    private static JobId Stream(string conversationId) =>
        ConversationIds.TryGetStream(conversationId, out var stream, out var error) ? stream : throw new ArgumentException(error, nameof(conversationId));
}
