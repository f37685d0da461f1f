namespace Eco.Streams.External;

/// <summary>Searches the web for current information (news, policy).</summary>
public interface IWebSearch
{
    /// <summary>False when no search service is configured.</summary>
    bool IsConfigured { get; }

    /// <summary>Returns up to <paramref name="limit"/> results.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken);
}

/// <summary>One search result.</summary>
/// <param name="Title">Title.</param>
/// <param name="Url">Link.</param>
/// <param name="Snippet">Short excerpt.</param>
public sealed record SearchHit(string Title, string Url, string Snippet);
