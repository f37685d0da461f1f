using Eco.Agents.Geo;

namespace Eco.Agents.Places;

/// <summary>One place from the embedded directory.</summary>
public sealed record PlaceInfo
{
    /// <summary>Stable id such as "rc-12" or "zw-1317010384".</summary>
    public required string Id { get; init; }

    /// <summary>What kind of place this is.</summary>
    public required PlaceKind Kind { get; init; }

    /// <summary>Place name.</summary>
    public required string Name { get; init; }

    /// <summary>Short region such as "서울 마포구", or empty when the data does not say.</summary>
    public required string Region { get; init; }

    /// <summary>Street or lot address as published.</summary>
    public required string Address { get; init; }

    /// <summary>Where exactly at the address (such as "주차장 정자 앞"), or null.</summary>
    public string? Detail { get; init; }

    /// <summary>Coordinates, or null when the data has none that can be trusted.</summary>
    public GeoPoint? Location { get; init; }

    /// <summary>Contact phone number, or null.</summary>
    public string? Phone { get; init; }

    /// <summary>Collected items as published (recycling-compensation sites only); empty when unknown.</summary>
    public required IReadOnlyList<string> CollectedItems { get; init; }

    /// <summary>Eco's codes for what the place collects: clear-pet, colored-pet, plastic, can, scrap-metal, paper, paper-pack, vinyl, battery, clothes, toys, glass.</summary>
    public required IReadOnlyList<string> Collects { get; init; }

    /// <summary>Short extra note (such as "무인회수기" or a shop description), or null.</summary>
    public string? Note { get; init; }
}
