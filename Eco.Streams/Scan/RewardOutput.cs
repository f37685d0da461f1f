namespace Eco.Streams.Scan;

/// <summary>Output of the reward stage: the grant, journaled exactly once per job.</summary>
/// <param name="Eligible">True when the scan earns a character (a correctly prepared recyclable).</param>
/// <param name="Status">Why or why not.</param>
/// <param name="Character">The character it earns.</param>
/// <param name="Message">What to tell the user.</param>
/// <param name="AlreadyOwned">True when an earlier scan of the user's had made friends with it: nothing new was granted.</param>
public sealed record RewardOutput(bool Eligible, string Status, string? Character, string Message, bool AlreadyOwned = false);
