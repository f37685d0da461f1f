namespace Eco.Agents.Intents;

/// <summary>What a chat message asks the assistant to do.</summary>
public enum Intent
{
    /// <summary>How to sort or dispose of an item.</summary>
    Waste,

    /// <summary>Questions about the mascot 이코 or the collectible recycling characters.</summary>
    Character,

    /// <summary>Nearby places such as recycling centres or zero-waste shops.</summary>
    Location,

    /// <summary>Bulky waste: furniture, large appliances, stickers and fees.</summary>
    BulkWaste,

    /// <summary>Market prices of recyclables, such as scrap metal per kilogram.</summary>
    RecyclablePrice,

    /// <summary>Where the nearest collection bin is.</summary>
    CollectionPoint,

    /// <summary>Weather, fine dust and forecasts.</summary>
    Weather,

    /// <summary>Requests to draw or generate an image.</summary>
    ImageGeneration,

    /// <summary>Requests to look up news, policies or other fresh information.</summary>
    WebSearch,

    /// <summary>Greetings, small talk and anything else.</summary>
    General,
}
