namespace Eco.Actors.Images;

/// <summary>A stored photo without its bytes: what a listing of a user's photos shows.</summary>
/// <param name="Id">The image's id (<see cref="ImageIds"/>).</param>
/// <param name="ContentType">Its format, as read from the bytes.</param>
/// <param name="Name">The file name it was uploaded under, if any.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="StoredAt">When it was first stored.</param>
public sealed record ImageSummary(string Id, string ContentType, string? Name, long Size, DateTimeOffset StoredAt);
