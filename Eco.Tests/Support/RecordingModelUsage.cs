using System.Collections.Concurrent;
using Eco.Streams.Usage;

namespace Eco.Tests.Support;

/// <summary>Keeps every attempt and fallback a provider reports, in order.</summary>
public sealed class RecordingModelUsage : IModelUsage
{
    private readonly ConcurrentQueue<ModelAttempt> _attempts = new();
    private readonly ConcurrentQueue<ModelFallback> _fallbacks = new();

    public IReadOnlyList<ModelAttempt> Attempts => [.. _attempts];

    public IReadOnlyList<ModelFallback> Fallbacks => [.. _fallbacks];

    public void Attempted(ModelAttempt attempt) => _attempts.Enqueue(attempt);

    public void FellBack(ModelFallback fallback) => _fallbacks.Enqueue(fallback);
}
