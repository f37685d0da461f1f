namespace Eco.Streams.External;

/// <summary>Searches the web for current information (news, policy).</summary>
public interface IWebSearch
{
    /// <summary>False when no search service is configured.</summary>
    bool IsConfigured { get; }

    /// <summary>Returns up to <paramref name="limit"/> results.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken);
}
