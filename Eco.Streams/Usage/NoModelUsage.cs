namespace Eco.Streams.Usage;

/// <summary>Counts nothing: for providers built without a recorder (tests, tools).</summary>
public sealed class NoModelUsage : IModelUsage
{
    /// <summary>The one instance.</summary>
    public static NoModelUsage Instance { get; } = new();

    private NoModelUsage()
    {
    }

    /// <inheritdoc />
    public void Attempted(ModelAttempt attempt)
    {
    }

    /// <inheritdoc />
    public void FellBack(ModelFallback fallback)
    {
    }
}
