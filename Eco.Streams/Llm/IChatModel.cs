namespace Eco.Streams.Llm;

/// <summary>A language-model provider: streamed text or a whole (possibly structured) reply.</summary>
/// <remarks>Adapters: OpenAI SDK (any OpenAI-compatible endpoint) and the offline local model. Decorators add limits, retries,
/// breakers (<see cref="Resilience.ResilientChatModel"/>) and fallback across providers (<see cref="Resilience.FallbackChatModel"/>).</remarks>
public interface IChatModel
{
    /// <summary>Provider name, e.g. <c>openai</c> or <c>local</c>.</summary>
    string Provider { get; }

    /// <summary>The model this provider is asked for; by default the provider's name (a provider with one fixed model).</summary>
    string Model => Provider;

    /// <summary>Streams the reply in pieces; the concatenation is the whole reply.</summary>
    IAsyncEnumerable<string> StreamAsync(ModelRequest request, CancellationToken cancellationToken);

    /// <summary>Returns the whole reply (JSON text when <see cref="ModelRequest.Schema"/> is set).</summary>
    Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken);
}
