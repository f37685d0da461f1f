using System.Collections.Concurrent;

namespace Eco.Actors.Journal;

/// <summary>Interns the few distinct type and stage names so replaying millions of events does not allocate a string per field.</summary>
internal static class TypeNames
{
    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownByChars =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Intern(string value) => Known.Count < 1024 ? Known.GetOrAdd(value, value) : value;

    /// <summary>The same, from characters: a name already known costs no new string (event bus reads).</summary>
    public static string Intern(ReadOnlySpan<char> value) => KnownByChars.TryGetValue(value, out var known) ? known : Intern(value.ToString());
}
