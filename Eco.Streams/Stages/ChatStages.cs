namespace Eco.Streams.Stages;

/// <summary>Stage names of the chat pipeline, as they appear in events.</summary>
public static class ChatStages
{
    /// <summary>Intent classification.</summary>
    public const string Classify = "classify";
    /// <summary>Disposal-guide retrieval.</summary>
    public const string Retrieve = "retrieve";
    /// <summary>Streamed answer.</summary>
    public const string Answer = "answer";
}
