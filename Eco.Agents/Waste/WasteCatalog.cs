using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.RegularExpressions;
using Eco.Agents.Text;

namespace Eco.Agents.Waste;

/// <summary>The embedded, validated set of disposal guides.</summary>
public sealed partial class WasteCatalog
{
    /// <summary>Manifest name of the embedded dataset (see the LogicalName rule in Eco.Agents.csproj).</summary>
    internal const string ResourceName = "Eco.Agents.Data.waste-guides.json";

    private static readonly Lazy<WasteCatalog> Embedded = new(LoadFromResource, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, DisposalGuide> _byId;

    private readonly string[] _unusableWords;
    private readonly string[] _removalWords;

    private WasteCatalog(
        IReadOnlyList<DisposalGuide> guides,
        IReadOnlyList<string> ignoreTerms,
        string[] unusableWords,
        IReadOnlyList<AttachedDetail> details,
        string[] removalWords,
        IReadOnlyList<string> attachmentCues)
    {
        Guides = guides;
        IgnoreTerms = ignoreTerms;
        _unusableWords = unusableWords;
        Details = details;
        _removalWords = removalWords;
        AttachmentCues = attachmentCues;
        _byId = guides.ToDictionary(g => g.Id, StringComparer.Ordinal);
    }

    /// <summary>All guides in dataset order.</summary>
    public IReadOnlyList<DisposalGuide> Guides { get; }

    /// <summary>Words that are not waste items but contain item words ("정책" contains "책"); retrieval lets them shadow shorter terms.</summary>
    internal IReadOnlyList<string> IgnoreTerms { get; }

    /// <summary>Things attached to or left in an item that a guide's step removes (tape, an invoice, a straw, leftovers).</summary>
    internal IReadOnlyList<AttachedDetail> Details { get; }

    /// <summary>Normalised words that, right after an attachment ("송장 붙은"), say it is attached to another item.</summary>
    internal IReadOnlyList<string> AttachmentCues { get; }

    /// <summary>The guide's first step that removes the detail, or null when none does.</summary>
    internal string? RemovalStep(DisposalGuide guide, AttachedDetail detail) =>
        guide.Steps.FirstOrDefault(step =>
        {
            var text = KoreanText.Normalize(step);
            return detail.StepWords.Any(w => text.Contains(w, StringComparison.Ordinal)) &&
                   _removalWords.Any(w => text.Contains(w, StringComparison.Ordinal));
        });

    /// <summary>Whether a normalised message says its item can no longer be used ("고장", "찢어진"), so offering reuse would be noise.</summary>
    internal bool SaysUnusable(string normalized) => _unusableWords.Any(w => normalized.Contains(w, StringComparison.Ordinal));

    /// <summary>Returns the catalog embedded in this assembly, parsing it on first use only.</summary>
    public static WasteCatalog LoadEmbedded() => Embedded.Value;

    /// <summary>Returns the guide with the given id, or null when there is none.</summary>
    public DisposalGuide? Find(string id) => id is not null && _byId.TryGetValue(id, out var guide) ? guide : null;

    /// <summary>Parses and validates a dataset in the waste-guides.json schema.</summary>
    internal static WasteCatalog FromJson(string json)
    {
        var file = JsonSerializer.Deserialize(json, WasteJsonContext.Default.WasteDataFile)
            ?? throw new InvalidDataException("Waste dataset is empty.");
        return Build(file);
    }

    private static WasteCatalog LoadFromResource()
    {
        using var stream = typeof(WasteCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from Eco.Agents.");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }

    private static WasteCatalog Build(WasteDataFile file)
    {
        if (file.SchemaVersion != 1)
        {
            throw new InvalidDataException($"Unsupported waste dataset schema_version {file.SchemaVersion}.");
        }

        var dtos = file.Guides ?? throw new InvalidDataException("Waste dataset has no 'guides'.");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dto in dtos)
        {
            var id = Required(dto.Id, "id", "?");
            if (!IdPattern().IsMatch(id))
            {
                throw new InvalidDataException($"Guide id '{id}' must be a lower-case ASCII slug.");
            }

            if (!ids.Add(id))
            {
                throw new InvalidDataException($"Guide id '{id}' appears twice.");
            }
        }

        var guides = dtos.Select(dto => ToGuide(dto, ids)).ToArray();
        var ignore = (file.IgnoreTerms ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).ToArray();
        var details = (file.Details ?? []).Select(d => new AttachedDetail(
            Required(d.Label, "details.label", "?"),
            Normalized(d.Match),
            Normalized(d.StepWords))).ToArray();
        if (details.Any(d => d.Match.Length == 0 || d.StepWords.Length == 0))
        {
            throw new InvalidDataException("Every detail needs match words and step words.");
        }

        return new WasteCatalog(
            new ReadOnlyCollection<DisposalGuide>(guides),
            Array.AsReadOnly(ignore),
            Normalized(file.UnusableWords),
            Array.AsReadOnly(details),
            Normalized(file.RemovalWords),
            Array.AsReadOnly(Normalized(file.AttachmentCues)));
    }

    private static DisposalGuide ToGuide(GuideDto dto, HashSet<string> knownIds)
    {
        var id = dto.Id!;
        var steps = List(dto.Steps);
        if (steps.Count is < 3 or > 8)
        {
            throw new InvalidDataException($"Guide '{id}' must have 3 to 8 steps, found {steps.Count}.");
        }

        var items = List(dto.Items);
        if (items.Count == 0)
        {
            throw new InvalidDataException($"Guide '{id}' lists no items.");
        }

        var notAccepted = (dto.NotAccepted ?? []).Select(n =>
        {
            var item = Required(n.Item, "not_accepted.item", id);
            var where = Required(n.WhereInstead, "not_accepted.where_instead", id);
            CheckReference(n.GuideId, id, knownIds, allowNull: true);
            var match = new List<string> { item };
            match.AddRange(List(n.Match));
            return new NotAcceptedItem(item, where, n.GuideId, match.Distinct(StringComparer.Ordinal).ToArray()) { Attachment = n.Attachment };
        }).ToArray();

        var situations = (dto.Situations ?? []).Select(s =>
        {
            var triggers = List(s.Triggers);
            if (triggers.Count == 0)
            {
                throw new InvalidDataException($"A situation of guide '{id}' has no triggers.");
            }

            CheckReference(s.TargetGuideId, id, knownIds, allowNull: false);
            return new SituationRule(
                Required(s.Label, "situations.label", id),
                triggers,
                List(s.AppliesTo),
                s.TargetGuideId!,
                Required(s.Note, "situations.note", id));
        }).ToArray();

        return new DisposalGuide
        {
            Id = id,
            Stream = Required(dto.Stream, "stream", id),
            SubCategory = string.IsNullOrWhiteSpace(dto.SubCategory) ? null : dto.SubCategory,
            Title = Required(dto.Title, "title", id),
            Summary = Required(dto.Summary, "summary", id),
            Items = items,
            Aliases = List(dto.Aliases),
            Keywords = List(dto.Keywords),
            Reuse = List(dto.Reuse),
            Steps = steps,
            NotAccepted = notAccepted,
            Situations = situations,
            Tips = List(dto.Tips),
        };
    }

    private static void CheckReference(string? target, string owner, HashSet<string> knownIds, bool allowNull)
    {
        if (target is null && allowNull)
        {
            return;
        }

        if (target is null || !knownIds.Contains(target) || target == owner)
        {
            throw new InvalidDataException($"Guide '{owner}' refers to unknown or self guide '{target}'.");
        }
    }

    private static string Required(string? value, string field, string owner) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new InvalidDataException($"Guide '{owner}' is missing '{field}'.")
            : value.Trim();

    private static string[] Normalized(List<string>? values) =>
        (values ?? []).Select(KoreanText.Normalize).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    private static IReadOnlyList<string> List(List<string>? values) =>
        Array.AsReadOnly((values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).ToArray());

    [GeneratedRegex("^[a-z0-9]+([.-][a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
