namespace Eco.Actors.Jobs;

/// <summary>What a client asked for: the job's kind and input, journaled in <c>job.accepted</c>.</summary>
/// <param name="Kind">Job kind: <c>chat</c> or <c>scan</c>.</param>
/// <param name="Message">The user's message (may be empty for a scan).</param>
/// <param name="ConversationId">The conversation the turn belongs to, if any.</param>
public sealed record JobSpec(string Kind, string Message, string? ConversationId)
{
    /// <summary>The user's position, when the client shared it.</summary>
    public GeoLocation? Location { get; init; }

    /// <summary>The photo of a scan job, by its URL.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>The photo of a scan job, uploaded to this service (<see cref="Images.IImageStore"/>).</summary>
    public string? ImageId { get; init; }

    /// <summary>Earlier turns of the conversation as the job saw them (journaled, so a replay sees the same history).</summary>
    public IReadOnlyList<ConversationTurn> History { get; init; } = [];

    /// <summary>Summary of turns older than <see cref="History"/>, if any.</summary>
    public string? Summary { get; init; }

    /// <summary>The user the job belongs to (the subject of the token that submitted it); only they, and admins, can see it.</summary>
    public string? Owner { get; init; }

    /// <summary>What the conversation does if it is still answering an earlier message: enqueue (default), reject or interrupt.</summary>
    public string? BusyPolicy { get; init; }

    /// <summary>Whether <paramref name="other"/> asks for the same thing: the fields a client sends, compared as journaled.</summary>
    /// <remarks>The request half of the spec is its fingerprint: it is durable in <c>job.accepted</c>, so a reused idempotency key
    /// is recognised as a different request after a restart too. History and summary are the server's, not the client's.</remarks>
    public bool IsSameRequest(JobSpec other) =>
        Kind == other.Kind && Message == other.Message && ConversationId == other.ConversationId && Location == other.Location
        && ImageUrl == other.ImageUrl && ImageId == other.ImageId && BusyPolicy == other.BusyPolicy;
}
