using System.Text.Json.Serialization;

namespace Eco.Host.Api;

/// <summary>A user's collection, oldest friend first, and how many characters there are to make friends with.</summary>
internal sealed record CharactersResponse(
    [property: JsonPropertyName("characters")] IReadOnlyList<CharacterView> Characters,
    [property: JsonPropertyName("of")] int Of);
