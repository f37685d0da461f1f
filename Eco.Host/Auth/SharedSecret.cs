using System.Security.Cryptography;
using System.Text;
using Eco.Host.Hosting;

namespace Eco.Host.Auth;

/// <summary>The HS256 key a node checks tokens with and <c>eco token</c> signs with: given as a secret, read from a file, or
/// made once in the data directory.</summary>
internal static class SharedSecret
{
    public const string FileName = "signing.key";
    public const int MinBytes = 32;

    /// <summary>The default key file: beside the embedded journal, in the data directory.</summary>
    public static string DefaultFile(IConfiguration configuration)
    {
        var journal = configuration["Eco:Journal:Sqlite:FilePath"] ?? Path.Combine("data", "eco.db");
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(journal))!, FileName);
    }

    /// <summary>The key of a node with these settings; the default file is created when missing and <paramref name="create"/> holds.</summary>
    public static byte[] Resolve(AuthOptions options, IConfiguration configuration, bool create)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            return Parse(options.SigningKey, "Eco:Auth:SigningKey");
        }
        if (options.SigningKeyFile is { Length: > 0 } file)
        {
            return File.Exists(file) ? Parse(File.ReadAllText(file).Trim(), file)
                : throw new InvalidSettingException($"Eco:Auth:SigningKeyFile: no key at '{Path.GetFullPath(file)}'");
        }
        var path = DefaultFile(configuration);
        if (File.Exists(path))
        {
            return Parse(File.ReadAllText(path).Trim(), path);
        }
        return create ? CreateFile(path)
            : throw new InvalidSettingException($"no signing key at '{path}': start the node once (eco serve makes it), or point --data-dir at its data directory");
    }

    /// <summary>A new random key as the text a key file holds.</summary>
    public static string NewKeyText() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinBytes));

    private static byte[] CreateFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = NewKeyText();
        try
        {
            // Owner read/write only, from the first byte: the key signs admin tokens.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var stream = new FileStream(path, options);
            stream.Write(Encoding.ASCII.GetBytes(text));
        }
        catch (IOException) when (File.Exists(path))
        {
            return Parse(File.ReadAllText(path).Trim(), path); // another process of this data directory made it first
        }
        return Convert.FromBase64String(text);
    }

    /// <summary>A secret as bytes: base64 when it reads as base64, its UTF-8 bytes otherwise; at least <see cref="MinBytes"/>.</summary>
    public static byte[] Parse(string secret, string source)
    {
        var buffer = new byte[secret.Length];
        var key = Convert.TryFromBase64String(secret, buffer, out var written) ? buffer[..written] : Encoding.UTF8.GetBytes(secret);
        return key.Length >= MinBytes ? key
            : throw new InvalidSettingException($"{source}: the signing key has {key.Length} bytes; HS256 needs at least {MinBytes} (make one with: openssl rand -base64 32)");
    }
}
