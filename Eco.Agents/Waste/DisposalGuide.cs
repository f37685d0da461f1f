namespace Eco.Agents.Waste;

/// <summary>How to dispose of one waste stream or recyclable sub-category, written for Korean households.</summary>
public sealed record DisposalGuide
{
    /// <summary>Stable ASCII id such as "recyclable.pet-clear" or "food-waste".</summary>
    public required string Id { get; init; }

    /// <summary>Major waste stream in Korean, such as "재활용폐기물" or "음식물류폐기물".</summary>
    public required string Stream { get; init; }

    /// <summary>Recyclable sub-category in Korean, or null for the non-recyclable streams.</summary>
    public string? SubCategory { get; init; }

    /// <summary>Display title that reads naturally before "(으)로 버려요".</summary>
    public required string Title { get; init; }

    /// <summary>One-line description of what the guide covers.</summary>
    public required string Summary { get; init; }

    /// <summary>Official item names covered by the guide.</summary>
    public required IReadOnlyList<string> Items { get; init; }

    /// <summary>Everyday words people use for the covered items.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    /// <summary>Category words that point at the guide only weakly.</summary>
    public required IReadOnlyList<string> Keywords { get; init; }

    /// <summary>Ways to let a still-usable item be used again (재활용센터, 나눔), offered before the disposal steps; possibly empty.</summary>
    public IReadOnlyList<string> Reuse { get; init; } = [];

    /// <summary>Short imperative disposal steps in polite Korean, in order.</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>Items that look like they belong here but go elsewhere.</summary>
    public required IReadOnlyList<NotAcceptedItem> NotAccepted { get; init; }

    /// <summary>Conditions that move this guide's items to another guide.</summary>
    public required IReadOnlyList<SituationRule> Situations { get; init; }

    /// <summary>Optional extra advice, possibly empty.</summary>
    public required IReadOnlyList<string> Tips { get; init; }
}
