using Eco.Actors.Jobs;

namespace Eco.Streams.Chat;

/// <summary>What a sub-agent sees.</summary>
/// <param name="Message">The question to answer: the user's message, or a follow-up made standalone with the conversation's subject.</param>
/// <param name="Intent">The classification.</param>
/// <param name="Location">The user's position, if shared with this message or earlier in the conversation.</param>
/// <param name="IsPrimary">True when this agent serves the primary intent (enrichment agents stay quiet when they have nothing).</param>
/// <param name="Run">The stage run (job state, attempt, call key).</param>
/// <param name="Sink">For progress events.</param>
public sealed record SubAgentInput(string Message, ClassifyOutput Intent, GeoLocation? Location, bool IsPrimary, StageRun Run, IStageSink Sink);
