namespace Eco.Streams.External;

/// <summary>One search result.</summary>
/// <param name="Title">Title.</param>
/// <param name="Url">Link.</param>
/// <param name="Snippet">Short excerpt.</param>
public sealed record SearchHit(string Title, string Url, string Snippet);
