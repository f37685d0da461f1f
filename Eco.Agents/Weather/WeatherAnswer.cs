using System.Globalization;
using System.Text;

namespace Eco.Agents.Weather;

/// <summary>Weather-aware disposal tips for one observation (or general tips when the weather is unknown).</summary>
public sealed record WeatherAnswer
{
    /// <summary>The observation the tips are for, or null when no weather service is configured.</summary>
    public WeatherObservation? Observation { get; init; }

    /// <summary>The waste stream the user asked about, as given, or null.</summary>
    public string? WasteStream { get; init; }

    /// <summary>Tips in polite Korean, most important first.</summary>
    public required IReadOnlyList<string> Tips { get; init; }

    /// <summary>Whether the tips depend on the actual current weather.</summary>
    public bool IsCurrentWeather => Observation is not null;

    /// <summary>Renders the tips in 이코's polite voice, naming the observed weather (or saying honestly that it is unknown).</summary>
    public string ToKorean()
    {
        var builder = new StringBuilder();
        if (Observation is null)
        {
            builder.Append("날씨 서비스가 설정되지 않아 현재 날씨는 모르지만, 날씨에 따라 이런 점을 챙기면 좋아요.");
        }
        else
        {
            builder.Append("지금은 기온 ").Append(Observation.TemperatureC.ToString("0.#", CultureInfo.InvariantCulture)).Append("도, 습도 ")
                .Append(Observation.HumidityPct.ToString("0", CultureInfo.InvariantCulture)).Append('%');
            builder.Append(Observation.Precipitation switch
            {
                Precipitation.Rain => "에 비가 오고 있어요.",
                Precipitation.Snow => "에 눈이 오고 있어요.",
                _ => "예요.",
            });
        }

        foreach (var tip in Tips)
        {
            builder.Append("\n- ").Append(tip);
        }

        return builder.ToString();
    }
}
