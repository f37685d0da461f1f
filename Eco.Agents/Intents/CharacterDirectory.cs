using System.Text.Json;
using Eco.Agents.Text;

namespace Eco.Agents.Intents;

/// <summary>Character names loaded from the embedded characters.json, used to spot the Character intent.</summary>
internal sealed class CharacterDirectory
{
    private const string ResourceName = "Eco.Agents.Data.characters.json";

    private static readonly Lazy<CharacterDirectory> Embedded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private CharacterDirectory(string[] names, string[] contextNames, string[] addressNames, string[] cueWords)
    {
        Names = names;
        ContextNames = contextNames;
        AddressNames = addressNames;
        CueWords = cueWords;
    }

    /// <summary>Normalised names that identify a character on their own.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Normalised names that are also everyday words and need a cue word nearby.</summary>
    public IReadOnlyList<string> ContextNames { get; }

    /// <summary>Normalised names users also call the assistant by ("고마워 이코"), which alone are not a character question.</summary>
    public IReadOnlyList<string> AddressNames { get; }

    /// <summary>Normalised words that signal the user is talking about characters.</summary>
    public IReadOnlyList<string> CueWords { get; }

    public static CharacterDirectory LoadEmbedded() => Embedded.Value;

    private static CharacterDirectory Load()
    {
        using var stream = typeof(CharacterDirectory).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from Eco.Agents.");
        var file = JsonSerializer.Deserialize(stream, CharacterJsonContext.Default.CharacterFile)
            ?? throw new InvalidDataException("Character dataset is empty.");
        var characters = file.Characters ?? [];
        static string[] Clean(IEnumerable<string> words) =>
            words.Select(KoreanText.Normalize).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        return new CharacterDirectory(
            Clean(characters.SelectMany(c => c.Names ?? [])),
            Clean(characters.SelectMany(c => c.ContextNames ?? [])),
            Clean(file.AddressNames ?? []),
            Clean(file.CueWords ?? []));
    }
}
