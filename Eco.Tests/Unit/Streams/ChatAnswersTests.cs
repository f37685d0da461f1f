using Eco.Agents.Answers;
using Eco.Agents.BulkWaste;
using Eco.Agents.Prices;
using Eco.Agents.Waste;
using Eco.Streams.Chat;
using Eco.Streams.Chat.Agents;
using Eco.Tests.Support;
using Xunit.Abstractions;

namespace Eco.Tests.Unit.Streams;

/// <summary>Single questions answered end to end by the offline pipeline with the real domain sub-agents (issue 13).</summary>
public sealed class ChatAnswersTests(ITestOutputHelper output) : JournalTest
{
    private static readonly WasteCatalog Catalog = WasteCatalog.LoadEmbedded();
    private static readonly WasteRetriever Retriever = new(Catalog);

    [Fact]
    public async Task FeeAndDisposalQuestion_AnswersTheFeeAndHowToDisposeBoth()
    {
        var answer = await AnswerAsync("소파 버리는 법이랑 수수료 알려줘 강남구");

        Assert.Contains("소파(1인용) 6,000원", answer);
        Assert.Contains("강남구 신청 방법", answer);
        Assert.Contains("소파는 대형폐기물로 버려요.", answer);
        Assert.Contains("재활용센터", answer);
    }

    [Fact]
    public async Task PriceComparison_GivesBothPricesAndSaysWhichIsHigher()
    {
        var answer = await AnswerAsync("페트랑 캔 중 뭐가 더 비싸?");

        Assert.Contains("PET: kg당 350원", answer);
        Assert.Contains("알루미늄캔: kg당 1,200원", answer);
        Assert.Contains("알루미늄캔(1,200원)은 PET(350원)보다 비싸고", answer);
        Assert.DoesNotContain("버려요", answer);
    }

    [Fact]
    public async Task BrokenGlassCup_IsOneItemWithNoPlasticCupOnTheSide()
    {
        var answer = await AnswerAsync("깨진 유리컵은 어디에 버려요?");

        Assert.StartsWith("유리컵은 불연성 종량제 마대로 버려요.", answer);
        Assert.DoesNotContain("플라스틱류", answer);
    }

    [Fact]
    public async Task StillUsableDesk_OffersReuseBeforeTheDisposalSteps()
    {
        var answer = await AnswerAsync("책상 버리고 싶어");

        var reuse = answer.IndexOf("재활용센터", StringComparison.Ordinal);
        Assert.InRange(reuse, 0, answer.IndexOf("1. ", StringComparison.Ordinal));
        Assert.Contains("나눔", answer);
    }

    [Fact]
    public async Task BoxWithInvoice_IsPaperAndLeadsWithRemovingTheInvoice()
    {
        var answer = await AnswerAsync("송장 붙은 택배 박스 어떻게 버려?");

        Assert.StartsWith("택배 박스는 종이류로 버려요.", answer);
        Assert.Contains("송장은 이렇게 해요: 상자에 붙은 테이프·택배 송장", answer);
    }

    private async Task<string> AnswerAsync(string message)
    {
        var agents = new ISubAgent[]
        {
            new WasteAgent(Retriever, Catalog, new LocalAnswerWriter()),
            new BulkWasteAgent(BulkWasteGuide.LoadEmbedded()),
            new RecyclablePriceAgent(RecyclablePriceTable.LoadEmbedded()),
        };
        var answer = await OfflineChat.AnswerAsync(Journal, OfflineChat.Graph(Retriever, agents), message);
        output.WriteLine(answer);
        return answer;
    }
}
