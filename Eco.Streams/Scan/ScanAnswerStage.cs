using System.Text;
using Akka.Streams;
using Eco.Actors.Jobs;
using Eco.Agents.Answers;
using Eco.Agents.Intents;
using Eco.Agents.Rewards;
using Eco.Agents.Waste;
using Eco.Streams.Chat;
using Eco.Streams.Graph;
using Eco.Streams.Llm;

namespace Eco.Streams.Scan;

/// <summary>Writes the steps for the chosen guide and what is still missing in the preparation; streams it.</summary>
/// <remarks>With no matching rule no model is called: a fixed, honest answer says the rule could not be matched.</remarks>
public sealed class ScanAnswerStage(IChatModel model, WasteCatalog catalog, LocalAnswerWriter writer, RewardRules rewards, ChatOptions options, TimeProvider time,
    Func<IMaterializer> materializer)
    : IStage
{
    /// <inheritdoc />
    public string Name => ScanGraph.Answer;

    /// <inheritdoc />
    /// <remarks>Provider retries end at the first token; a stream that breaks after it is retried only here, hence more attempts than
    /// other stages: four, 1 s, 2 s and 4 s apart. With three, a storm that breaks 11% of streams mid-way (the chaos scenario's) ended
    /// about one job in 5,000 with <c>job.failed</c>.</remarks>
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(180), MaxAttempts: 4, RetryBackoff: TimeSpan.FromSeconds(1));

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var classification = ScanGraph.Classification(run.State);
        var rule = StageOutputs.Read<RuleOutput>(run.State, ScanGraph.Rule);
        var sections = new List<string> { classification.ToKorean() };
        if (rule.GuideId is null)
        {
            var fixedText = string.Join("\n\n", sections);
            await sink.EmitTokenAsync(fixedText, cancellationToken).ConfigureAwait(false);
            return StageOutputs.Write(new AnswerOutput(fixedText, "none", 1));
        }
        var match = new WasteMatch(rule.GuideId, rule.Title ?? "", 1.0, []);
        sections.Add(writer.Write(classification.Minor ?? rule.Title ?? "", new IntentClassification(Intent.Waste, 1, []), [match], catalog));
        var missing = rewards.Insufficiencies(classification);
        if (missing.Count > 0)
        {
            sections.Add(new StringBuilder("아직 이런 점이 부족해요:").AppendJoin("", missing.Select(m => "\n- " + m)).ToString());
        }
        var task = new WriteAnswerTask(run.State.Spec!.Message, new IntentClassification(Intent.Waste, 1, []), sections);
        var request = new ModelRequest(Prompts.WriteAnswer(task, summary: null, history: []), task, Schema: null, MaxOutputTokens: 800, run.CallKey)
            .MadeBy(sink, cancellationToken);
        return StageOutputs.Write(await AnswerStreaming.StreamAsync(model, request, sink, options.TokenWindow, time, materializer(), cancellationToken).ConfigureAwait(false));
    }
}
