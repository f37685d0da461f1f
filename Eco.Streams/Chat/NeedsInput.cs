namespace Eco.Streams.Chat;

/// <summary>A request for more input, e.g. the user's location.</summary>
/// <param name="Type">What is needed: <c>location</c>.</param>
/// <param name="Message">What to tell the user.</param>
public sealed record NeedsInput(string Type, string Message);
