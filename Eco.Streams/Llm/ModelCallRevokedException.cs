namespace Eco.Streams.Llm;

/// <summary>A model call refused before it left: the caller lost the right to make it (see <see cref="ModelRequest.MayCall"/>).
/// Not retried and not handed to another provider: the job's next owner makes the call.</summary>
public sealed class ModelCallRevokedException(string callKey)
    : Exception($"model call {callKey} not made: this node no longer owns the job (its shard lease lapsed or moved)");
