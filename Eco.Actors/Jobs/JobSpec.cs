namespace Eco.Actors.Jobs;

/// <summary>What a client asked for: the job's kind and input, journaled in <c>job.accepted</c>.</summary>
/// <param name="Kind">Job kind, e.g. <c>chat</c>.</param>
/// <param name="Message">The user's message.</param>
/// <param name="ConversationId">The conversation the turn belongs to, if any.</param>
public sealed record JobSpec(string Kind, string Message, string? ConversationId);
