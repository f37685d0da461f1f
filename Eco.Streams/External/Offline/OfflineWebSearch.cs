namespace Eco.Streams.External.Offline;

/// <summary>No web search configured: returns nothing, and says so through <see cref="IsConfigured"/>.</summary>
public sealed class OfflineWebSearch : IWebSearch
{
    /// <inheritdoc />
    public bool IsConfigured => false;

    /// <inheritdoc />
    public Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SearchHit>>([]);
}
