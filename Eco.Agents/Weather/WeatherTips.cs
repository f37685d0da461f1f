using Eco.Agents.Text;
using Eco.Agents.Waste;

namespace Eco.Agents.Weather;

/// <summary>Rule-based disposal tips for the current weather: wet paper, food waste in the heat, frozen liquids, damp air.</summary>
public sealed class WeatherTips
{
    /// <summary>At or above this temperature (°C) food waste should go out right away.</summary>
    public const double HotC = 30;

    /// <summary>At or above this temperature (°C) food waste should not be kept long.</summary>
    public const double WarmC = 25;

    /// <summary>At or below this temperature (°C) liquids left in containers may freeze.</summary>
    public const double FreezingC = 0;

    /// <summary>At or above this relative humidity (%) paper should be dried first.</summary>
    public const double HumidPct = 85;

    private const string RainTip = "비가 오는 동안 종이류와 헌옷은 젖지 않게 보관했다가, 비가 그친 뒤에 내놓아 주세요.";
    private const string SnowTip = "눈이 오는 동안 종이류와 헌옷은 젖지 않게 보관했다가, 눈이 그친 뒤에 내놓아 주세요.";
    private const string HotTip = "기온이 30도 이상이라 음식물 쓰레기가 금방 상하고 냄새가 나요. 모아 두지 말고 바로바로 내놓아 주세요.";
    private const string WarmTip = "기온이 25도 이상이라 음식물 쓰레기를 오래 두면 쉽게 상해요. 오래 보관하지 말고 자주 내놓아 주세요.";
    private const string FreezeTip = "기온이 0도 이하라 페트병·캔·병 속에 남은 음료나 물이 얼 수 있어요. 내용물을 깨끗이 비워서 내놓아 주세요.";
    private const string HumidTip = "습도가 85% 이상으로 높아요. 종이류는 눅눅해지지 않게 먼저 잘 말린 뒤에 내놓아 주세요.";
    private const string CalmTip = "지금 날씨에는 분리배출에서 특별히 조심할 점이 없어요. 평소처럼 깨끗이 비우고 헹궈서 내놓아 주세요.";

    private const string GeneralWetTip = "비나 눈이 오는 날에는 종이류와 헌옷이 젖지 않게 두었다가 그친 뒤에 내놓아요.";
    private const string GeneralHotTip = "더운 날(25도 이상)에는 음식물 쓰레기를 오래 두지 말고, 30도 이상이면 바로바로 내놓아요.";
    private const string GeneralFreezeTip = "영하로 추운 날에는 용기 속 액체가 얼 수 있으니 미리 깨끗이 비워요.";
    private const string GeneralHumidTip = "습한 날에는 종이류를 먼저 말린 뒤에 내놓아요.";

    private readonly WasteRetriever _retriever;

    /// <summary>Creates tips over the embedded waste catalog (used to read the waste stream).</summary>
    public WeatherTips()
        : this(new WasteRetriever())
    {
    }

    /// <summary>Creates tips that share an existing retriever to read the waste stream.</summary>
    public WeatherTips(WasteRetriever retriever)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        _retriever = retriever;
    }

    [Flags]
    private enum Group
    {
        None = 0,
        Paper = 1,
        Textile = 2,
        Food = 4,
        Liquid = 8,
        All = Paper | Textile | Food | Liquid,
    }

    /// <summary>Gives tips for the observed weather, limited to the waste stream when one is given (a guide id, category or item word).</summary>
    /// <param name="observation">Current weather, or null when no weather service is configured.</param>
    /// <param name="wasteStream">What the user is about to put out, such as "종이", "음식물" or "recyclable.paper"; null for any.</param>
    public WeatherAnswer Advise(WeatherObservation? observation, string? wasteStream)
    {
        var groups = GroupsOf(wasteStream);
        var tips = new List<(string Tip, Group Group)>();
        if (observation is null)
        {
            tips.Add((GeneralWetTip, Group.Paper | Group.Textile));
            tips.Add((GeneralHotTip, Group.Food));
            tips.Add((GeneralFreezeTip, Group.Liquid));
            tips.Add((GeneralHumidTip, Group.Paper));
        }
        else
        {
            if (observation.Precipitation == Precipitation.Rain)
            {
                tips.Add((RainTip, Group.Paper | Group.Textile));
            }
            else if (observation.Precipitation == Precipitation.Snow)
            {
                tips.Add((SnowTip, Group.Paper | Group.Textile));
            }

            if (observation.TemperatureC >= HotC)
            {
                tips.Add((HotTip, Group.Food));
            }
            else if (observation.TemperatureC >= WarmC)
            {
                tips.Add((WarmTip, Group.Food));
            }

            if (observation.TemperatureC <= FreezingC)
            {
                tips.Add((FreezeTip, Group.Liquid));
            }

            if (observation.HumidityPct >= HumidPct)
            {
                tips.Add((HumidTip, Group.Paper));
            }
        }

        var relevant = tips.Where(t => (t.Group & groups) != 0).Select(t => t.Tip).ToList();
        if (relevant.Count == 0)
        {
            relevant.Add(observation is null ? CalmGeneral(wasteStream) : CalmTip);
        }

        return new WeatherAnswer { Observation = observation, WasteStream = wasteStream, Tips = relevant };
    }

    private static string CalmGeneral(string? wasteStream) =>
        $"{KoreanText.WithTopic(wasteStream ?? "이 품목")} 날씨 때문에 특별히 조심할 점은 없어요. 평소처럼 배출 방법을 지켜 주세요.";

    // Which tip groups a stream belongs to; unknown or empty streams get every tip.
    private Group GroupsOf(string? wasteStream)
    {
        if (string.IsNullOrWhiteSpace(wasteStream))
        {
            return Group.All;
        }

        var key = wasteStream.Trim();
        var guide = _retriever.Catalog.Find(key) ??
                    _retriever.Catalog.Guides.FirstOrDefault(g =>
                        KoreanText.Normalize(g.Stream) == KoreanText.Normalize(key) ||
                        KoreanText.Normalize(g.SubCategory) == KoreanText.Normalize(key));
        var id = guide?.Id ?? _retriever.Search(key, 1).FirstOrDefault()?.GuideId;
        return id switch
        {
            null => Group.All,
            "recyclable.paper" => Group.Paper,
            "recyclable.paper-pack" => Group.Paper | Group.Liquid,
            "recyclable.clothing" => Group.Textile,
            "food-waste" => Group.Food,
            "recyclable.pet-clear" or "recyclable.plastic" or "recyclable.glass-bottle" or "recyclable.metal" => Group.Liquid,
            _ => Group.None,
        };
    }
}
