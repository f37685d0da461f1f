namespace Eco.Streams.Llm;

/// <summary>A model that writes the answer, streamed as text pieces. Adapters: local (dataset-grounded, offline) and, later, OpenAI.</summary>
public interface IChatModel
{
    /// <summary>The provider name shown in stage outputs, e.g. <c>local</c>.</summary>
    string Provider { get; }

    /// <summary>Streams the answer in pieces; the concatenation is the whole answer.</summary>
    IAsyncEnumerable<string> StreamAnswerAsync(AnswerRequest request, CancellationToken cancellationToken);
}
