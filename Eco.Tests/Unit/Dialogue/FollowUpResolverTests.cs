using Eco.Agents.Dialogue;
using Eco.Agents.Intents;
using Eco.Agents.Waste;
using Xunit.Abstractions;

namespace Eco.Tests.Unit.Dialogue;

public sealed class FollowUpResolverTests(ITestOutputHelper output)
{
    private static readonly WasteRetriever Retriever = new(WasteCatalog.LoadEmbedded());
    private static readonly KeywordIntentClassifier Classifier = new(Retriever);
    private static readonly SubjectReader Reader = SubjectReader.ForEmbeddedData(Retriever, Classifier);
    private static readonly FollowUpResolver Resolver = new(Reader);

    /// <summary>Plays the turns as a conversation does (resolve, classify, move the subject on) and returns the last one resolved.</summary>
    private ResolvedMessage Converse(params string[] messages)
    {
        var subject = DialogueSubject.None;
        ResolvedMessage resolved = null!;
        foreach (var message in messages)
        {
            resolved = Resolver.Resolve(message, subject);
            var intent = Classifier.Classify(resolved.Text).Primary;
            subject = subject.After(Reader.Read(resolved.Text), intent);
            output.WriteLine($"{message} → {resolved.Text} [{intent}] subject {subject}");
        }
        return resolved;
    }

    [Theory]
    [InlineData("페트병 어떻게 버려?", "라벨은?", "페트병")]
    [InlineData("페트병 어떻게 버려?", "뚜껑도?", "페트병")]
    [InlineData("유리병은 어떻게 버려?", "깨진 거면?", "유리병")]
    [InlineData("생선 뼈 어떻게 버려?", "가시는?", "생선")]
    [InlineData("우유팩 버리는 법", "젖은 건?", "우유팩")]
    [InlineData("폐건전지 어떻게 버려?", "근처 수거함 알려줘", "폐건전지")]
    [InlineData("페트 가격 얼마야?", "경남은?", "PET")]
    [InlineData("충남 골판지 가격", "알루미늄캔은?", "충남")]
    [InlineData("페트병 어떻게 버려?", "오늘 날씨 어때?", "페트병", "라벨은?")]
    [InlineData("신문지 kg당 얼마야", "그럼 경남은?", "신문지")]
    [InlineData("강남구 소파 버리는 비용", "신청은 어떻게 해?", "강남구")]
    [InlineData("나 마포구 살아", "침대 버리는 수수료는?", "마포구")]
    [InlineData("강남구 소파 버리는 비용", "전화번호는?", "강남구")]
    [InlineData("페트병 어떻게 버려?", "그럼 그거 얼마에 팔려?", "PET")]
    [InlineData("페트 캐릭터 누구야?", "걔가 담당하는 건?", "페티")]
    [InlineData("마포구 제로웨이스트 가게 알려줘", "거기 주소 알려줘", "어피스오브")]
    public void A_follow_up_carries_the_subject(string first, string followUp, string carried, string? then = null)
    {
        var resolved = then is null ? Converse(first, followUp) : Converse(first, followUp, then);
        Assert.Contains(carried, resolved.Text);
    }

    [Theory]
    [InlineData("페트병 어떻게 버려?", "그럼 유리병은?", "페트병")]
    [InlineData("페트병 어떻게 버려?", "오늘 날씨 어때?", "페트병")]
    [InlineData("페트병 어떻게 버려?", "고마워", "페트병")]
    [InlineData("페트병 어떻게 버려?", "안녕하세요", "페트병")]
    [InlineData("페트 가격 얼마야?", "소파 버리는 비용", "PET")]
    public void A_new_question_carries_nothing(string first, string next, string notCarried)
    {
        var resolved = Converse(first, next);
        Assert.DoesNotContain(notCarried, resolved.Text);
    }
}
