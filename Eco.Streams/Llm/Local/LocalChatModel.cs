using System.Runtime.CompilerServices;
using Eco.Agents.Answers;
using Eco.Agents.Waste;

namespace Eco.Streams.Llm.Local;

/// <summary>The offline provider: writes the answer from the bundled dataset and streams it piece by piece with a set delay.</summary>
public sealed class LocalChatModel(WasteCatalog catalog, LocalAnswerWriter writer, LocalModelOptions options, TimeProvider time) : IChatModel
{
    /// <inheritdoc />
    public string Provider => "local";

    /// <inheritdoc />
    public async IAsyncEnumerable<string> StreamAnswerAsync(AnswerRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var answer = writer.Write(request.Message, request.Intent, request.Matches, catalog);
        foreach (var piece in TextPieces.Split(answer, options.MaxTokenChars))
        {
            if (options.TokenDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.TokenDelay, time, cancellationToken).ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
            yield return piece;
        }
    }
}
