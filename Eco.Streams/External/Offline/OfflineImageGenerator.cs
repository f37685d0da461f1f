namespace Eco.Streams.External.Offline;

/// <summary>No image service configured: refuses, so the agent can say so instead of inventing a picture.</summary>
public sealed class OfflineImageGenerator : IImageGenerator
{
    /// <inheritdoc />
    public bool IsConfigured => false;

    /// <inheritdoc />
    public Task<Uri> GenerateAsync(string prompt, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("no image generation service is configured");
}
