namespace Eco.Streams.External;

/// <summary>Generates an image (infographic, character art) from a prompt.</summary>
public interface IImageGenerator
{
    /// <summary>False when no image service is configured.</summary>
    bool IsConfigured { get; }

    /// <summary>Generates one image and returns where it can be fetched.</summary>
    Task<Uri> GenerateAsync(string prompt, CancellationToken cancellationToken);
}
