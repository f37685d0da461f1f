namespace Eco.Streams.Scan;

/// <summary>A character in a user's collection: who, when, and the scan that made friends with it.</summary>
/// <param name="Name">The character.</param>
/// <param name="GrantedAt">When the scan granted it.</param>
/// <param name="JobId">The scan that granted it.</param>
public sealed record OwnedCharacter(string Name, DateTimeOffset GrantedAt, string JobId);
