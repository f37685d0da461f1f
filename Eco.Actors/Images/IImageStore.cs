namespace Eco.Actors.Images;

/// <summary>Where uploaded photos are kept until a scan reads them: in the journal's database, so every node that may run the
/// scan can read what any node took in.</summary>
public interface IImageStore
{
    /// <summary>Stores a photo once: the same bytes from the same owner are the same image (the same id), however often sent. A new
    /// photo that would take the owner's photos past <paramref name="quotaBytes"/> is refused; the check and the write are one step,
    /// so uploads at the same moment (on any node) cannot together overshoot it.</summary>
    /// <param name="owner">The uploading user.</param>
    /// <param name="contentType">The format read from the bytes.</param>
    /// <param name="name">The file name it came with, if any.</param>
    /// <param name="bytes">The photo.</param>
    /// <param name="quotaBytes">The owner's allowance in bytes; null for none.</param>
    /// <param name="cancellationToken">Stops the save.</param>
    /// <returns>The image as stored (the first upload's name and time when it was stored before), or the refusal.</returns>
    Task<ImageSave> SaveAsync(string owner, string contentType, string? name, byte[] bytes, long? quotaBytes, CancellationToken cancellationToken);

    /// <summary>The image with this id, or null when there is none.</summary>
    Task<StoredImage?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>How many photos <paramref name="owner"/> has stored, and their bytes in all.</summary>
    Task<ImageUsage> UsageAsync(string owner, CancellationToken cancellationToken);

    /// <summary><paramref name="owner"/>'s photos, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ImageSummary>> ListAsync(string owner, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes the image <paramref name="id"/> if <paramref name="owner"/> stored it.</summary>
    /// <returns>True when it was deleted; false when there is no such image of theirs.</returns>
    Task<bool> DeleteAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>Deletes the images first stored before <paramref name="cutoff"/>.</summary>
    /// <returns>How many were deleted.</returns>
    Task<int> DeleteStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
