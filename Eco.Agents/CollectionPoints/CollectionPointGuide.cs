using System.Collections.ObjectModel;
using Eco.Agents.Common;
using Eco.Agents.Geo;
using Eco.Agents.Places;
using Eco.Agents.Text;

namespace Eco.Agents.CollectionPoints;

/// <summary>Answers "where is the nearest … bin?" for items with special bins (clothes, batteries, lamps, small e-waste, medicines, paper packs, clear PET).</summary>
public sealed class CollectionPointGuide
{
    /// <summary>Default search radius in km.</summary>
    public const double DefaultRadiusKm = 10;

    /// <summary>Default maximum number of nearby sites.</summary>
    public const int DefaultLimit = 3;

    /// <summary>When nothing is inside the radius, the nearest site is still shown if it is within this many km.</summary>
    public const double FallbackRadiusKm = 30;

    private static readonly Lazy<Dataset> Embedded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly PlaceDirectory _places;

    /// <summary>Creates a guide over the embedded place directory.</summary>
    public CollectionPointGuide()
        : this(PlaceDirectory.LoadEmbedded())
    {
    }

    /// <summary>Creates a guide over the given place directory.</summary>
    public CollectionPointGuide(PlaceDirectory places)
    {
        ArgumentNullException.ThrowIfNull(places);
        _places = places;
        ItemTypes = new ReadOnlyCollection<CollectionItemType>(Embedded.Value.Types.Select(t => t.Type).ToArray());
    }

    /// <summary>The item types the guide knows, in dataset order.</summary>
    public IReadOnlyList<CollectionItemType> ItemTypes { get; }

    /// <summary>Detects the item type and answers where it goes, adding nearby sites when a location is given.</summary>
    public CollectionPointAnswer Lookup(string message, GeoPoint? location) =>
        Lookup(message, location, DefaultRadiusKm, DefaultLimit);

    /// <summary>Like <see cref="Lookup(string, GeoPoint?)"/> with an explicit radius (km) and limit.</summary>
    public CollectionPointAnswer Lookup(string message, GeoPoint? location, double radiusKm, int limit)
    {
        var data = Embedded.Value;
        var known = Array.AsReadOnly(data.Types.Select(t => t.Type.Label).ToArray());
        var hit = data.Terms.Find(KoreanText.Normalize(message))
            .OrderByDescending(h => h.Term.Length)
            .ThenBy(h => h.Position)
            .FirstOrDefault();
        if (hit is null)
        {
            return new CollectionPointAnswer { WhereUsually = [], Nearby = [], KnownTypes = known, SearchRadiusKm = radiusKm };
        }

        var (type, where) = data.Types[hit.Values[0]];
        var covered = type.PlaceCode is not null && _places.All.Any(p => p.Collects.Contains(type.PlaceCode, StringComparer.Ordinal));
        IReadOnlyList<PlaceHit> nearby = [];
        var outside = false;
        if (covered && location is { } point)
        {
            nearby = _places.Near(point.Latitude, point.Longitude, radiusKm, kind: null, limit, type.PlaceCode);
            if (nearby.Count == 0)
            {
                // Nothing inside the radius: the single nearest site if it is still within reach.
                nearby = _places.Near(point.Latitude, point.Longitude, Math.Max(radiusKm, FallbackRadiusKm), kind: null, 1, type.PlaceCode);
                outside = nearby.Count > 0;
            }
        }

        return new CollectionPointAnswer
        {
            ItemType = type,
            WhereUsually = where,
            NeedsLocation = location is null && covered,
            Nearby = nearby,
            SearchRadiusKm = radiusKm,
            NearestIsOutsideRadius = outside,
            PlaceDataCoversItem = covered,
            KnownTypes = known,
        };
    }

    private static Dataset Load()
    {
        var file = EmbeddedData.Read("collection-points.json", CollectionPointJsonContext.Default.CollectionPointFile);
        var dtos = file.Types ?? throw new InvalidDataException("Collection-point dataset has no 'types'.");
        var matcher = new TermMatcher<int>();
        var types = dtos.Select((dto, index) =>
        {
            var id = Required(dto.Id, "types.id");
            var where = EmbeddedData.Clean(dto.Where);
            var terms = EmbeddedData.Clean(dto.Terms);
            if (where.Length == 0 || terms.Length == 0)
            {
                throw new InvalidDataException($"Collection type '{id}' needs terms and where-lines.");
            }

            foreach (var term in terms)
            {
                matcher.Add(term, index);
            }

            var placeCode = string.IsNullOrWhiteSpace(dto.Collects) ? null : dto.Collects.Trim();
            var type = new CollectionItemType(id, Required(dto.Label, id + ".label"), placeCode, Required(dto.GuideId, id + ".guide_id"));
            return (type, where);
        }).ToArray();

        matcher.Block(EmbeddedData.Clean(file.Blockers));
        return new Dataset(types, matcher);
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"Collection-point dataset is missing '{field}'.") : value.Trim();

    private sealed record Dataset((CollectionItemType Type, string[] Where)[] Types, TermMatcher<int> Terms);
}
