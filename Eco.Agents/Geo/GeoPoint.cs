namespace Eco.Agents.Geo;

/// <summary>A WGS84 coordinate in decimal degrees.</summary>
/// <param name="Latitude">Latitude in degrees, -90..90.</param>
/// <param name="Longitude">Longitude in degrees, -180..180.</param>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    // Mean Earth radius (IUGG), good to about 0.5 % for haversine distances.
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Whether both coordinates are finite and inside their valid ranges.</summary>
    public bool IsValid =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude) &&
        Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;

    /// <summary>Great-circle (haversine) distance to <paramref name="other"/> in kilometres.</summary>
    public double DistanceKmTo(GeoPoint other)
    {
        var lat1 = ToRadians(Latitude);
        var lat2 = ToRadians(other.Latitude);
        var dLat = lat2 - lat1;
        var dLon = ToRadians(other.Longitude - Longitude);
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) +
                (Math.Cos(lat1) * Math.Cos(lat2) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}
