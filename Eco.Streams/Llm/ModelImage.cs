namespace Eco.Streams.Llm;

/// <summary>A photo a vision model looks at, sent with a user message: by its URL (the provider fetches it), or as its bytes
/// (an upload, which no provider could fetch from us).</summary>
/// <param name="Url">Where the provider fetches it; null when <paramref name="Bytes"/> are sent.</param>
/// <param name="Bytes">The image itself; null when it is sent by <paramref name="Url"/>.</param>
/// <param name="MediaType">The bytes' format (image/jpeg, image/png, …); null with a URL.</param>
public sealed record ModelImage(Uri? Url, BinaryData? Bytes, string? MediaType)
{
    /// <summary>Rough prompt tokens of one image at low detail (a fixed cost whatever its size, for the tokens-per-minute budget).</summary>
    public const int EstimatedTokens = 85;

    /// <summary>An image the provider fetches.</summary>
    public static ModelImage At(Uri url) => new(url, null, null);

    /// <summary>An image sent as its bytes.</summary>
    public static ModelImage Of(byte[] bytes, string mediaType) => new(null, BinaryData.FromBytes(bytes), mediaType);
}
