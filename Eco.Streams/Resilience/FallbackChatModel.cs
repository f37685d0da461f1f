using System.Runtime.CompilerServices;
using Eco.Streams.Llm;
using Eco.Streams.Usage;

namespace Eco.Streams.Resilience;

/// <summary>Tries providers in order; a provider that fails (or whose breaker is open) hands the call to the next one.</summary>
/// <remarks>A stream falls back only before its first piece: once text reached the caller, switching provider would splice two
/// different answers (a known bug of the reference system), so the failure goes up and the stage retries from the start. Each
/// hand-over is counted against the provider that failed (<paramref name="usage"/>; none by default).</remarks>
/// <param name="chain">The providers, first choice first.</param>
/// <param name="usage">Counts fallbacks.</param>
/// <param name="failed">Told of every provider that failed a call (after its own retries), with the reason: the provider registry
/// probes it at once.</param>
public sealed class FallbackChatModel(IReadOnlyList<IChatModel> chain, IModelUsage? usage = null, Action<string, string>? failed = null) : IChatModel
{
    private readonly IModelUsage _usage = usage ?? NoModelUsage.Instance;

    /// <summary>The providers, first choice first.</summary>
    public IReadOnlyList<IChatModel> Chain { get; } = chain.Count > 0 ? chain : throw new ArgumentException("the fallback chain is empty", nameof(chain));

    /// <inheritdoc />
    public string Provider => Chain[0].Provider;

    /// <inheritdoc />
    public string Model => Chain[0].Model;

    /// <inheritdoc />
    public async Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await Chain[i].CompleteAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Failed(i, ex, cancellationToken) && i < Chain.Count - 1)
            {
                await FellBackAsync(request, i, ex).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            var enumerator = Chain[i].StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
            bool hasFirst;
            try
            {
                hasFirst = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (Failed(i, ex, cancellationToken) && i < Chain.Count - 1)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
                await FellBackAsync(request, i, ex).ConfigureAwait(false);
                continue;
            }
            await using (enumerator.ConfigureAwait(false))
            {
                if (!hasFirst)
                {
                    yield break;
                }
                yield return enumerator.Current;
                while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    yield return enumerator.Current;
                }
            }
            yield break;
        }
    }

    /// <summary>True when the provider itself failed: not when the caller gave up, nor when it lost the right to call (no provider
    /// may take a call its owner may not make). Reports the failure; only a provider's failure falls back.</summary>
    private bool Failed(int provider, Exception error, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || error is ModelCallRevokedException)
        {
            return false;
        }
        failed?.Invoke(Chain[provider].Provider, TransientFaults.Describe(error));
        return true;
    }

    private async Task FellBackAsync(ModelRequest request, int from, Exception error)
    {
        LlmMetrics.Fallbacks.Add(1);
        _usage.FellBack(new ModelFallback(Chain[from].Provider, Chain[from].Model, Chain[from + 1].Provider));
        await request.NotifyAsync(new ModelNotice("fallback", Chain[from + 1].Provider,
            $"{Chain[from].Provider} failed ({TransientFaults.Describe(error)}); using {Chain[from + 1].Provider}", TimeSpan.Zero)).ConfigureAwait(false);
    }
}
