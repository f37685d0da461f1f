namespace Eco.Streams.Providers;

/// <summary>Where a provider's API key lives: <c>env:NAME</c> or <c>config:Section:Key</c>. The registry stores only this.</summary>
public static class ApiKeyReference
{
    private const string Env = "env:";
    private const string Config = "config:";

    /// <summary>True for <c>env:NAME</c> or <c>config:Path</c> with a non-empty name of printable characters.</summary>
    public static bool IsValid(string reference) =>
        (reference.StartsWith(Env, StringComparison.Ordinal) && IsName(reference[Env.Length..])) ||
        (reference.StartsWith(Config, StringComparison.Ordinal) && IsName(reference[Config.Length..]));

    /// <summary>The key the reference points at, or null when it is unset (or there is no reference).</summary>
    /// <param name="reference">The reference, or null.</param>
    /// <param name="configuration">Reads a configuration key (environment variables included).</param>
    public static string? Resolve(string? reference, Func<string, string?> configuration) => reference switch
    {
        null => null,
        _ when reference.StartsWith(Env, StringComparison.Ordinal) => Environment.GetEnvironmentVariable(reference[Env.Length..]),
        _ when reference.StartsWith(Config, StringComparison.Ordinal) => configuration(reference[Config.Length..]),
        _ => null,
    };

    private static bool IsName(string name) => name.Length is > 0 and <= 200 && name.All(c => c is > ' ' and < (char)127);
}
