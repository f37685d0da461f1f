using System.Text;
using Eco.Agents.Intents;
using Eco.Agents.Text;
using Eco.Agents.Waste;

namespace Eco.Agents.Answers;

/// <summary>Writes short answers in the voice of the mascot 이코 (polite 해요체) using only the offline dataset.</summary>
/// <remarks>
/// Nothing here may state a fact that is not in the catalog: when the data has no answer,
/// the writer says so instead of guessing.
/// </remarks>
public sealed class LocalAnswerWriter
{
    private const string BulkyGuideId = "bulky-waste";

    // Matches below this score came from category words only; they are worth a full answer only when nothing better exists.
    private const double KnownItemScore = 0.55;

    private const int MaxNotAcceptedNotes = 4;
    private const int MaxExtraMatches = 2;

    /// <summary>Builds the answer for a classified message from its waste matches and the catalog.</summary>
    public string Write(string message, IntentClassification intent, IReadOnlyList<WasteMatch> matches, WasteCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(catalog);
        matches ??= [];
        var normalized = KoreanText.Normalize(message);

        var intents = new List<Intent> { intent.Primary };
        intents.AddRange(intent.Additional.Where(i => i != intent.Primary).Distinct());

        var sections = new List<string>();
        var usedGuides = new HashSet<string>(StringComparer.Ordinal);
        foreach (var current in intents)
        {
            var section = current switch
            {
                Intent.Waste => WasteSection(
                    normalized,
                    matches,
                    catalog,
                    usedGuides,
                    skipBulky: intents.Contains(Intent.BulkWaste),
                    isPrimary: current == intent.Primary),
                Intent.BulkWaste => BulkSection(normalized, matches, catalog, usedGuides),
                Intent.Character => "캐릭터 소개는 아직 준비 중이라 지금은 이코가 알려드릴 수 없어요.",
                Intent.Location => "주변 재활용센터나 가게 위치 안내는 아직 준비 중이라 지금은 알려드릴 수 없어요.",
                Intent.CollectionPoint => "가까운 수거함 위치 찾기는 아직 준비 중이라 지금은 알려드릴 수 없어요.",
                Intent.RecyclablePrice => "재활용품 시세(kg당 가격)는 아직 준비 중이라 지금은 정확한 금액을 알려드릴 수 없어요.",
                Intent.Weather => "날씨 정보는 아직 준비 중이라 지금은 알려드릴 수 없어요.",
                Intent.ImageGeneration => "그림 그리기는 아직 준비 중이라 지금은 이미지를 만들어 드릴 수 없어요.",
                Intent.WebSearch => "최신 뉴스나 정책 검색은 아직 준비 중이라 지금은 찾아드릴 수 없어요.",
                _ => "안녕하세요, 분리배출 도우미 이코예요! 버리려는 물건 이름을 알려주시면 버리는 방법을 알려드릴게요.",
            };

            if (!string.IsNullOrEmpty(section) && !sections.Contains(section))
            {
                sections.Add(section);
            }
        }

        return string.Join("\n\n", sections);
    }

    private static string WasteSection(
        string normalized,
        IReadOnlyList<WasteMatch> matches,
        WasteCatalog catalog,
        HashSet<string> usedGuides,
        bool skipBulky,
        bool isPrimary)
    {
        var candidates = matches.Where(m => !(skipBulky && m.GuideId == BulkyGuideId) && catalog.Find(m.GuideId) is not null).ToArray();
        if (candidates.Length == 0)
        {
            // As a side intent ("비 오는 날 분리수거 해도 돼?") an unknown-item notice would only be noise.
            return isPrimary ? UnknownItem() : string.Empty;
        }

        var best = candidates[0];
        if (!usedGuides.Add(best.GuideId))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(GuideAnswer(normalized, best, catalog.Find(best.GuideId)!, catalog));

        // Other items in the same message get one short line, so a multi-item question is not silently half-answered.
        var extras = candidates
            .Skip(1)
            .Where(m => m.Score >= KnownItemScore && !usedGuides.Contains(m.GuideId))
            .Take(MaxExtraMatches)
            .ToArray();
        if (extras.Length > 0)
        {
            var parts = extras.Select(m =>
            {
                usedGuides.Add(m.GuideId);
                return $"{KoreanText.WithTopic(Headline(m))} {KoreanText.WithDirection(m.Title)}";
            });
            builder.Append("\n\n함께 물어보신 ")
                .Append(string.Join(", ", parts))
                .Append(" 버려요. 자세한 방법이 궁금하면 따로 물어봐 주세요.");
        }

        return builder.ToString();
    }

    private static string BulkSection(string normalized, IReadOnlyList<WasteMatch> matches, WasteCatalog catalog, HashSet<string> usedGuides)
    {
        const string feeNote = "지역별 수수료 금액과 신청처는 아직 이코가 알려드릴 수 없어요.";

        var match = matches.FirstOrDefault(m => m.GuideId == BulkyGuideId) ?? matches.FirstOrDefault();
        var guide = match is null ? catalog.Find(BulkyGuideId) : catalog.Find(match.GuideId);
        if (guide is null)
        {
            return feeNote;
        }

        if (!usedGuides.Add(guide.Id))
        {
            return feeNote;
        }

        var answer = match is null
            ? GuideBody(normalized, guide, catalog, KoreanText.WithDirection(guide.Title) + " 버리는 방법을 알려드릴게요.", null)
            : GuideAnswer(normalized, match, guide, catalog);
        return answer + "\n" + feeNote;
    }

    private static string GuideAnswer(string normalized, WasteMatch match, DisposalGuide guide, WasteCatalog catalog)
    {
        // A category word alone ("플라스틱", "대형폐기물") names the stream, not an item, so "X는 X로 버려요" would be empty talk.
        if (match.Score < KnownItemScore)
        {
            return GuideBody(normalized, guide, catalog, $"{KoreanText.WithDirection(guide.Title)} 버리는 방법을 알려드릴게요.", null);
        }

        var term = Headline(match);
        var headline = $"{KoreanText.WithTopic(term)} {KoreanText.WithDirection(guide.Title)} 버려요.";
        return GuideBody(normalized, guide, catalog, headline, term);
    }

    private static string GuideBody(string normalized, DisposalGuide guide, WasteCatalog catalog, string headline, string? term)
    {
        var builder = new StringBuilder(headline);

        if (term is not null)
        {
            // Explain a redirect ("닭뼈는 음식물이 아니에요") when another guide explicitly excludes the item.
            var situation = catalog.Guides
                .SelectMany(g => g.Situations)
                .FirstOrDefault(s => s.TargetGuideId == guide.Id && s.Label == term);
            if (situation is not null)
            {
                builder.Append(' ').Append(situation.Note);
            }
            else
            {
                var key = KoreanText.Normalize(term);
                var excludedBy = catalog.Guides.FirstOrDefault(g =>
                    g.Id != guide.Id &&
                    g.NotAccepted.Any(n => n.GuideId == guide.Id && n.MatchTerms.Any(t => KoreanText.Normalize(t) == key)));
                if (excludedBy is not null)
                {
                    builder.Append(' ').Append(excludedBy.Title).Append("에는 넣으면 안 돼요.");
                }
            }
        }

        // Tape, an invoice, a straw or leftovers the user mentions get the step that removes them, up front (issue 13).
        var removals = catalog.Details
            .Where(d => d.Match.Any(m => normalized.Contains(m, StringComparison.Ordinal)))
            .Select(d => (d.Label, Step: catalog.RemovalStep(guide, d)))
            .Where(r => r.Step is not null)
            .GroupBy(r => r.Step!, StringComparer.Ordinal);
        foreach (var removal in removals)
        {
            builder.Append('\n').Append(KoreanText.WithTopic(string.Join("·", removal.Select(r => r.Label))))
                .Append(" 이렇게 해요: ").Append(removal.Key);
        }

        // Reuse comes before disposal (issue 13), unless the message says the thing is broken.
        var offerReuse = guide.Reuse.Count > 0 && !catalog.SaysUnusable(normalized);
        if (offerReuse)
        {
            builder.Append("\n아직 쓸 만하다면 버리기 전에:");
            foreach (var way in guide.Reuse)
            {
                builder.Append("\n- ").Append(way);
            }

            builder.Append("\n버릴 때는:");
        }

        for (var i = 0; i < guide.Steps.Count; i++)
        {
            builder.Append('\n').Append(i + 1).Append(". ").Append(guide.Steps[i]);
        }

        // Exclusions the user mentioned come first; the rest fill up to the limit.
        var notes = guide.NotAccepted
            .OrderByDescending(n => n.MatchTerms.Any(t => normalized.Contains(KoreanText.Normalize(t), StringComparison.Ordinal)))
            .Take(MaxNotAcceptedNotes)
            .ToArray();
        if (notes.Length > 0)
        {
            builder.Append("\n이건 따로 버려요:");
            foreach (var note in notes)
            {
                builder.Append("\n- ").Append(note.Item).Append(": ").Append(note.WhereInstead);
            }
        }

        if (guide.Tips.Count > 0)
        {
            builder.Append("\n팁: ").Append(guide.Tips[0]);
        }

        return builder.ToString();
    }

    private static string Headline(WasteMatch match) => match.MatchedTerms.Count > 0 ? match.MatchedTerms[0] : match.Title;

    private static string UnknownItem() =>
        "죄송해요, 이코가 아직 모르는 품목이거나 말씀에서 물건 이름을 찾지 못했어요. 틀린 방법을 알려드릴 수는 없으니, " +
        "버리려는 물건 이름을 구체적으로(예: '참치캔', '깨진 유리컵') 재질(플라스틱·유리·종이·금속 등)과 함께 다시 물어봐 주세요.";
}
