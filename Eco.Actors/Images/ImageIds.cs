using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Eco.Actors.Images;

/// <summary>Image ids: <c>img_</c> and 32 hex digits of a SHA-256 over the owner and the bytes, so an upload sent again (a retry)
/// is the same image, and one user's id says nothing about another's.</summary>
public static class ImageIds
{
    private const string Prefix = "img_";
    private const int HexDigits = 32;
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>The id of <paramref name="bytes"/> uploaded by <paramref name="owner"/>.</summary>
    public static string For(string owner, ReadOnlySpan<byte> bytes)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(owner));
        sha.AppendData([0]); // the owner ends here, whatever the bytes begin with
        sha.AppendData(bytes);
        return Prefix + Convert.ToHexStringLower(sha.GetHashAndReset(), 0, HexDigits / 2);
    }

    /// <summary>Whether <paramref name="id"/> has the shape of an image id (it may still name no image).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 4 + HexDigits } && id.StartsWith(Prefix, StringComparison.Ordinal) && !id.AsSpan(Prefix.Length).ContainsAnyExcept(LowerHex);
}
