namespace Eco.Actors.Jobs;

/// <summary>A position on Earth.</summary>
/// <param name="Latitude">Degrees north.</param>
/// <param name="Longitude">Degrees east.</param>
public sealed record GeoLocation(double Latitude, double Longitude);
