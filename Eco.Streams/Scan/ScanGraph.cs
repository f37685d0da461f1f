using Akka.Streams;
using Eco.Actors.Images;
using Eco.Actors.Jobs;
using Eco.Agents.Answers;
using Eco.Agents.Rewards;
using Eco.Agents.Vision;
using Eco.Agents.Waste;
using Eco.Streams.Chat;
using Eco.Streams.Graph;
using Eco.Streams.Llm;

namespace Eco.Streams.Scan;

/// <summary>The scan job: vision → rule → answer → reward, each stage's result journaled before the next uses it.</summary>
public static class ScanGraph
{
    /// <summary>The job kind.</summary>
    public const string Kind = "scan";

    /// <summary>Stage names.</summary>
    public const string Vision = "vision", Rule = "rule", Answer = "answer", Reward = "reward";

    /// <summary>Builds the graph.</summary>
    public static StageGraph Create(IChatModel model, IImageStore images, WasteCatalog catalog, LocalAnswerWriter writer, RewardRules rewards,
        CharacterOwnership ownership, ChatOptions options, TimeProvider time, Func<IMaterializer> materializer) => new(
    [
        new StageNode(new VisionStage(model, images), []),
        new StageNode(new RuleStage(catalog), [Vision]),
        new StageNode(new ScanAnswerStage(model, catalog, writer, rewards, options, time, materializer), [Rule]),
        new StageNode(new RewardStage(rewards, ownership), [Answer]),
    ], state =>
    {
        var answer = StageOutputs.Read<AnswerOutput>(state, Answer).Text;
        var reward = StageOutputs.TryRead<RewardOutput>(state, Reward);
        return reward is { Eligible: true } ? answer + "\n\n" + reward.Message : answer;
    });

    internal static ScanClassification Classification(JobState state)
    {
        var vision = StageOutputs.Read<VisionOutput>(state, Vision);
        var rule = StageOutputs.TryRead<RuleOutput>(state, Rule);
        return new ScanClassification
        {
            Major = vision.Major,
            Middle = vision.Middle,
            Minor = vision.Minor,
            SituationTags = vision.SituationTags,
            HintSource = vision.HintSource ?? ScanClassification.FromNothing,
            GuideId = rule?.GuideId,
            GuideTitle = rule?.Title,
        };
    }
}
