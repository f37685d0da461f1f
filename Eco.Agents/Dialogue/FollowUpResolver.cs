using Eco.Agents.Intents;
using Eco.Agents.Text;

namespace Eco.Agents.Dialogue;

/// <summary>
/// Makes a follow-up standalone from the conversation's subject, the way the offline model reads one: "라벨은?" after 페트병 is
/// "페트병 라벨은?", "경남은?" after PET prices is "PET 경남", "걔가 담당하는 건?" names the character, "거기" the place.
/// </summary>
/// <remarks>
/// Two kinds of slot. The user's whereabouts (district, price region) stay true until they say otherwise, so a question that needs
/// one and does not name it gets the remembered one. The thing asked about (item, material, character, place) is carried only into
/// a message that reads as a follow-up — a pronoun (그거, 걔, 거기), a part or state of an item (라벨, 깨진), a short elliptical
/// question ("경남은?"), or a question or request that names no thing of its own ("근처 수거함 알려줘", "신청은 어떻게 해?"). A
/// message that names its own thing is answered about that alone; small talk ("고마워") is left as it is.
/// </remarks>
public sealed class FollowUpResolver(SubjectReader reader)
{
    // Whole words that point back; removed from the rebuilt question, where the subject takes their place.
    private static readonly string[] PointingWords =
    [
        "그건", "그거", "그게", "그걸", "그것", "그것은", "그것도", "그거는", "그거도", "이건", "이거", "이거는", "저건", "저거", "걔", "걔가", "걔는",
        "걔도", "얘", "얘는", "쟤", "쟤는", "거기", "거기는", "거긴", "거기도", "거기서", "그곳", "그곳은", "그데", "아까", "그럼", "그러면", "그럼요",
        "그리고", "그", "그건요", "그거요", "그래서", "그러니까", "그런데", "근데",
    ];

    private static readonly string[] SmallTalk =
    [
        "안녕", "고마", "감사", "땡큐", "네", "응", "아니", "아냐", "좋아", "괜찮", "알겠", "오케이", "ㅇㅋ", "ㅎㅎ", "ㅋㅋ", "잘가", "수고",
    ];

    // What a question asks for, without saying about what: "신청은 어떻게 해?", "전화번호 알려줘", "얼마에 팔려?".
    private static readonly string[] AskingWords =
    [
        "어떻게", "어디", "얼마", "언제", "뭐야", "뭔가", "무엇", "누구", "몇", "방법", "신청", "수수료", "비용", "요금", "전화", "번호", "연락처",
        "주소", "위치", "시간", "가격", "시세", "담당", "알려", "버려", "버리", "팔려",
    ];

    // Endings of a short question that leaves its subject out: "경남은?", "뚜껑도?", "깨진 거면?", "수수료는요?".
    private static readonly string[] EllipticalEndings = ["은", "는", "요", "면", "도", "가", "이"];

    private const int ShortMessageChars = 12;

    /// <summary>The question to answer for <paramref name="message"/> in a conversation about <paramref name="subject"/>.</summary>
    public ResolvedMessage Resolve(string message, DialogueSubject subject)
    {
        if (subject.IsEmpty || string.IsNullOrWhiteSpace(message))
        {
            return new ResolvedMessage(message, []);
        }
        var named = reader.Read(message);
        var words = KoreanText.Words(message).ToList();
        var normalized = KoreanText.Normalize(message);
        var pointing = words.Any(w => PointingWords.Contains(w, StringComparer.Ordinal));
        var smallTalk = !pointing && words.Count > 0 && SmallTalk.Any(s => normalized.StartsWith(s, StringComparison.Ordinal));
        var aspect = SubjectReader.MentionsAspect(message);
        var elliptical = Elliptical(normalized, words);
        var asking = AskingWords.Any(w => normalized.Contains(w, StringComparison.Ordinal));
        var followUp = !smallTalk && !named.NamesAThing && (pointing || aspect || named.Topic is not null || elliptical || asking || subject.Pending is not null);

        // A question left waiting for the user's input (their location) is completed by the message that brings it.
        if (followUp && subject.Pending is { } pending && named.Topic is null)
        {
            return new ResolvedMessage(pending + " " + message, [pending]);
        }

        // "알루미늄캔은?" right after a price question asks its price: a bare elliptical question keeps the conversation's topic.
        var keepsTopic = !smallTalk && elliptical && !asking && subject.Topic is not null;
        // A part or state of an item ("라벨은?", "깨진 거면?") is a disposal question whatever was talked about last.
        var topic = followUp && aspect ? Intent.Waste
            : keepsTopic ? subject.Topic
            : named.Topic ?? (followUp ? subject.Topic : null);
        var carried = new List<string>();
        void Carry(string? value, bool when)
        {
            if (when && value is not null && !carried.Contains(value))
            {
                carried.Add(value);
            }
        }
        switch (topic)
        {
            case Intent.Waste or Intent.CollectionPoint:
                Carry(subject.Item, followUp);
                break;
            case Intent.BulkWaste:
                Carry(subject.District, named.District is null);
                Carry(subject.Item, followUp);
                break;
            case Intent.RecyclablePrice:
                Carry(subject.Region, named.Region is null);
                Carry(subject.Material, followUp);
                break;
            case Intent.Character:
                Carry(subject.Character, followUp);
                break;
            case Intent.Location:
                Carry(subject.Place, followUp);
                break;
        }
        var rest = string.Join(' ', pointing ? words.Where(w => !PointingWords.Contains(w, StringComparer.Ordinal)) : words);
        var text = string.Join(' ', carried.Append(rest).Where(p => p.Length > 0));
        // The rebuilt question must still read as the topic it continues ("PET 경남" is a price question only with a price word).
        if ((carried.Count > 0 || keepsTopic) && topic is { } t && reader.Classify(text).Primary != t && Cue(t) is { } cue)
        {
            text += " " + cue;
            carried.Add(cue);
        }
        return carried.Count == 0 ? new ResolvedMessage(message, []) : new ResolvedMessage(text, carried);
    }

    private static bool Elliptical(string normalized, List<string> words)
    {
        var last = words.LastOrDefault() ?? "";
        return normalized.Length <= ShortMessageChars && EllipticalEndings.Any(e => last.EndsWith(e, StringComparison.Ordinal));
    }

    private static string? Cue(Intent topic) => topic switch
    {
        Intent.Waste => "버리는 방법",
        Intent.BulkWaste => "대형폐기물",
        Intent.RecyclablePrice => "가격",
        Intent.Character => "캐릭터",
        Intent.Location => "위치",
        Intent.CollectionPoint => "수거함",
        _ => null,
    };
}
