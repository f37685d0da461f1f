namespace Eco.Streams.Scan;

/// <summary>Output of the reward stage: the grant, journaled exactly once per job.</summary>
/// <param name="Eligible">True when a character was granted.</param>
/// <param name="Status">Why or why not.</param>
/// <param name="Character">The character granted.</param>
/// <param name="Message">What to tell the user.</param>
public sealed record RewardOutput(bool Eligible, string Status, string? Character, string Message);
