using Eco.Agents.Answers;

namespace Eco.Tests.Unit.Agents;

/// <summary>Joining sub-agent paragraphs and the waste answer into one reply.</summary>
public sealed class SectionedAnswerWriterTests
{
    private static readonly SectionedAnswerWriter Writer = new();

    [Fact]
    public void Write_SingleSection_HasNoIntro()
    {
        Assert.Equal("가격 안내", Writer.Write(["가격 안내"], null));
        Assert.Equal("버리는 법", Writer.Write([], "버리는 법"));
    }

    [Fact]
    public void Write_SeveralSections_IntroThenWastePartThenSectionsInOrder()
    {
        var reply = Writer.Write(["날씨 안내", "가격 안내"], "버리는 법");

        Assert.Equal(SectionedAnswerWriter.MultiSectionIntro + "\n\n버리는 법\n\n날씨 안내\n\n가격 안내", reply);
    }

    [Fact]
    public void Write_BlankAndDuplicateSections_AreDropped()
    {
        var reply = Writer.Write(["  ", "날씨 안내", "날씨 안내", ""], null);

        Assert.Equal("날씨 안내", reply);
    }

    [Fact]
    public void Write_NothingToSay_ReturnsGreeting()
    {
        Assert.Equal(SectionedAnswerWriter.EmptyReply, Writer.Write([], "  "));
    }
}
