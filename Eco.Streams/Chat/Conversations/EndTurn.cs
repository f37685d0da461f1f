using Eco.Actors.Jobs;

namespace Eco.Streams.Chat.Conversations;

/// <summary>The job of the active turn ended; the next waiting turn may start.</summary>
/// <param name="Job">The job.</param>
/// <param name="Answer">The answer, or null when the job failed.</param>
/// <param name="Reason">Why it failed, when it did.</param>
/// <param name="Summary">The new running summary, when the job folded old turns into one.</param>
/// <param name="KeptTurns">How many recent turns stay verbatim after that summary.</param>
public sealed record EndTurn(JobId Job, string? Answer, string? Reason, string? Summary, int? KeptTurns) : IConversationProtocol;
