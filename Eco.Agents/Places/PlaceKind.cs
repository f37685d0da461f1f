namespace Eco.Agents.Places;

/// <summary>The kinds of places in the directory.</summary>
public enum PlaceKind
{
    /// <summary>Recycling-compensation sites (자원순환가게, 무인회수기) that give points or cash for clean recyclables.</summary>
    RecyclingCompensation,

    /// <summary>Zero-waste and refill shops (제로웨이스트 가게, 리필 스테이션).</summary>
    ZeroWasteShop,
}
