namespace Eco.Actors.Images;

/// <summary>A photo a user uploaded for a scan: its bytes as sent, their format, and the file name they came with.</summary>
/// <param name="Id">The image's id (<see cref="ImageIds"/>).</param>
/// <param name="Owner">The user who uploaded it; only they can see it or scan it.</param>
/// <param name="ContentType">Its format, as read from the bytes (image/jpeg, image/png, image/webp or image/gif).</param>
/// <param name="Name">The file name it was uploaded under, if the client gave one.</param>
/// <param name="Bytes">The image.</param>
/// <param name="StoredAt">When it was first stored.</param>
public sealed record StoredImage(string Id, string Owner, string ContentType, string? Name, byte[] Bytes, DateTimeOffset StoredAt);
