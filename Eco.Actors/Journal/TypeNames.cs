using System.Collections.Concurrent;

namespace Eco.Actors.Journal;

/// <summary>Interns the few distinct type and stage names so replaying millions of events does not allocate a string per field.</summary>
internal static class TypeNames
{
    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);

    public static string Intern(string value) => Known.Count < 1024 ? Known.GetOrAdd(value, value) : value;
}
