namespace Eco.Host.Api;

/// <summary>The photo formats a vision model takes, told by their first bytes (never by the Content-Type a client sent).</summary>
internal static class ImageFormats
{
    public const string Accepted = "JPEG, PNG, WebP or GIF";

    /// <summary>The media type of <paramref name="bytes"/>, or null when they are none of <see cref="Accepted"/>.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        _ => null,
    };
}
