namespace Eco.Actors.Images;

/// <summary>What <see cref="IImageStore.SaveAsync"/> did: stored the photo (or found it stored already), or refused it because it
/// would take its owner past their allowance.</summary>
/// <param name="Image">The image as stored; null when refused.</param>
/// <param name="Usage">What the owner's photos took when the photo was weighed against the allowance (before it was added).</param>
public sealed record ImageSave(StoredImage? Image, ImageUsage Usage)
{
    /// <summary>True when the photo did not fit the owner's allowance and nothing was stored.</summary>
    public bool Refused => Image is null;
}
