namespace Eco.Agents.Weather;

/// <summary>What is falling from the sky at the time of the observation.</summary>
public enum Precipitation
{
    /// <summary>No rain or snow.</summary>
    None,

    /// <summary>Rain (including showers and drizzle).</summary>
    Rain,

    /// <summary>Snow or sleet.</summary>
    Snow,
}
