using System.Text.Json;

namespace Eco.Streams.External.Http;

/// <summary>Web search over HTTP: <c>GET {base}/search?q=…&amp;limit=…</c> → <c>{"results":[{"title","url","snippet"}]}</c>, bearer key.</summary>
public sealed class HttpWebSearch(HttpClient http) : IWebSearch
{
    /// <inheritdoc />
    public bool IsConfigured => true;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"search?q={Uri.EscapeDataString(query)}&limit={limit}", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return
        [
            .. doc.RootElement.GetProperty("results").EnumerateArray().Take(limit).Select(r => new SearchHit(
                r.GetProperty("title").GetString() ?? "", r.GetProperty("url").GetString() ?? "",
                r.TryGetProperty("snippet", out var s) ? s.GetString() ?? "" : "")),
        ];
    }
}
