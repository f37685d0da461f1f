using Eco.Actors.Jobs;

namespace Eco.Streams.Chat.Conversations;

/// <summary>Marker of the conversation messages that may cross nodes (bound to <see cref="ConversationMessageSerializer"/>).</summary>
public interface IConversationProtocol;

/// <summary>What a conversation does with a new message while another is still being answered.</summary>
public enum BusyPolicy
{
    /// <summary>Wait in line: turns are answered one after another, in arrival order (default).</summary>
    Enqueue,
    /// <summary>Refuse the new message.</summary>
    Reject,
    /// <summary>Stop the turn in progress (its job fails with a reason) and answer the new message.</summary>
    Interrupt,
}

/// <summary>A job asks for its turn; the reply (<see cref="TurnGrant"/>) comes when the turn is granted (at once, or after the turns
/// before it).</summary>
/// <param name="Job">The job that answers the turn.</param>
/// <param name="Message">The user's message.</param>
/// <param name="Policy">What to do if another turn is in progress.</param>
public sealed record AcquireTurn(JobId Job, string Message, BusyPolicy Policy) : IConversationProtocol;

/// <summary>The job of the active turn ended; the next waiting turn may start.</summary>
/// <param name="Job">The job.</param>
/// <param name="Answer">The answer, or null when the job failed.</param>
/// <param name="Reason">Why it failed, when it did.</param>
/// <param name="Summary">The new running summary, when the job folded old turns into one.</param>
/// <param name="KeptTurns">How many recent turns stay verbatim after that summary.</param>
public sealed record EndTurn(JobId Job, string? Answer, string? Reason, string? Summary, int? KeptTurns) : IConversationProtocol;

/// <summary>Asks for the conversation as it stands; the reply is a <see cref="ConversationView"/>.</summary>
public sealed record GetConversation : IConversationProtocol
{
    /// <summary>The one instance.</summary>
    public static readonly GetConversation Instance = new();
}

/// <summary>The answer to <see cref="AcquireTurn"/>: the working context the job must use, a refusal, or "ask again".</summary>
/// <param name="Granted">False when refused (busy under <see cref="BusyPolicy.Reject"/>) or when the conversation stopped first.</param>
/// <param name="Refusal">Why it was refused.</param>
/// <param name="History">Turns kept verbatim, oldest first.</param>
/// <param name="Summary">Summary of the turns before them.</param>
/// <param name="AskAgain">True when the conversation stopped before it could answer (a restart, a hand-off): ask its next incarnation.</param>
public sealed record TurnGrant(bool Granted, string? Refusal, IReadOnlyList<ConversationTurn> History, string? Summary, bool AskAgain = false)
    : IConversationProtocol;

/// <summary>A conversation for clients and operators.</summary>
/// <param name="ConversationId">Its id.</param>
/// <param name="Turns">Turns in the working context, oldest first.</param>
/// <param name="Summary">Summary of older turns.</param>
/// <param name="TotalTurns">All turns ever completed, summarized or not.</param>
/// <param name="ActiveJob">The job answering now, if any.</param>
/// <param name="Waiting">Turns waiting for it.</param>
public sealed record ConversationView(string ConversationId, IReadOnlyList<ConversationTurn> Turns, string? Summary, int TotalTurns, string? ActiveJob, int Waiting)
    : IConversationProtocol;
