using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Eco.Tests.Support;

/// <summary>Uploads a photo as a client does: the bytes as the body, the name in <c>X-Image-Name</c>.</summary>
internal static class ImageUploads
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, byte[] bytes, string contentType, string? name)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/images") { Content = content };
        if (name is not null)
        {
            request.Headers.Add("X-Image-Name", Uri.EscapeDataString(name));
        }
        return await http.SendAsync(request);
    }

    /// <summary>The id of a stored photo; fails the test with the node's answer if it was not stored.</summary>
    public static async Task<string> IdOfAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("image_id").GetString()!;
        }
    }
}
