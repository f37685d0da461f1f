namespace Eco.Actors.Images;

/// <summary>What one user's stored photos take: how many, and their bytes in all.</summary>
public sealed record ImageUsage(int Count, long Bytes);
