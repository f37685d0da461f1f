using System.Net.Http.Json;
using System.Text.Json;

namespace Eco.Streams.External.Http;

/// <summary>Image generation over HTTP: <c>POST {base}/images {"prompt"}</c> → <c>{"url"}</c>, bearer key.</summary>
public sealed class HttpImageGenerator(HttpClient http) : IImageGenerator
{
    /// <inheritdoc />
    public bool IsConfigured => true;

    /// <inheritdoc />
    public async Task<Uri> GenerateAsync(string prompt, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("images", new { prompt }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new Uri(doc.RootElement.GetProperty("url").GetString() ?? throw new InvalidDataException("the image service returned no url"));
    }
}
