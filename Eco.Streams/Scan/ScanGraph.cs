using System.Text;
using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Agents.Answers;
using Eco.Agents.Intents;
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
    public static StageGraph Create(IChatModel model, WasteCatalog catalog, LocalAnswerWriter writer, RewardRules rewards, ChatOptions options, TimeProvider time) => new(
    [
        new StageNode(new VisionStage(model), []),
        new StageNode(new RuleStage(catalog), [Vision]),
        new StageNode(new ScanAnswerStage(model, catalog, writer, rewards, options, time), [Rule]),
        new StageNode(new RewardStage(rewards), [Answer]),
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

/// <summary>Output of the vision stage.</summary>
/// <param name="Major">Major waste category (Korean).</param>
/// <param name="Middle">Recyclable sub-category, if any.</param>
/// <param name="Minor">The item, if recognised.</param>
/// <param name="SituationTags">Preparation state: contents left, label on, dirty, broken, …</param>
/// <param name="HintSource">What the classification was based on: <c>image</c>, <c>message</c>, <c>filename</c> or <c>none</c>.</param>
/// <param name="Provider">The model that classified.</param>
public sealed record VisionOutput(string Major, string? Middle, string? Minor, IReadOnlyList<string> SituationTags, string? HintSource, string Provider);

/// <summary>Output of the rule stage.</summary>
/// <param name="GuideId">The disposal guide chosen, if one fits.</param>
/// <param name="Title">Its title.</param>
public sealed record RuleOutput(string? GuideId, string? Title);

/// <summary>Output of the reward stage: the grant, journaled exactly once per job.</summary>
/// <param name="Eligible">True when a character was granted.</param>
/// <param name="Status">Why or why not.</param>
/// <param name="Character">The character granted.</param>
/// <param name="Message">What to tell the user.</param>
public sealed record RewardOutput(bool Eligible, string Status, string? Character, string Message);

/// <summary>Classifies the photo through the model chain (the offline model reads the message or the file name, and says so).</summary>
public sealed class VisionStage(IChatModel model) : IStage
{
    /// <inheritdoc />
    public string Name => ScanGraph.Vision;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(90), MaxAttempts: 2, RetryBackoff: TimeSpan.FromSeconds(1));

    /// <inheritdoc />
    public async Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var spec = run.State.Spec!;
        var task = new ClassifyImageTask(spec.ImageUrl ?? "", spec.Message);
        var request = new ModelRequest(Prompts.ClassifyImage(task), task, Prompts.VisionSchema, MaxOutputTokens: 300, run.CallKey)
            .MadeBy(sink, cancellationToken);
        var reply = await model.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(reply.Text);
        var root = doc.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var tags = root.TryGetProperty("situation_tags", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(e => e.GetString() ?? "").Where(s => s.Length > 0).ToList()
            : [];
        var output = new VisionOutput(Text("major") ?? ScanClassification.UnclassifiedMajor, Text("middle"), Text("minor"), tags,
            reply.Provider == "local" ? Text("hint_source") : "image", reply.Provider);
        return StageOutputs.Write(output);
    }
}

/// <summary>Picks the disposal guide for the classification: major and sub-category must both match (no first-file-wins guess).</summary>
public sealed class RuleStage(WasteCatalog catalog) : IStage
{
    /// <inheritdoc />
    public string Name => ScanGraph.Rule;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(5), MaxAttempts: 2, RetryBackoff: TimeSpan.FromMilliseconds(100));

    /// <inheritdoc />
    public Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var vision = StageOutputs.Read<VisionOutput>(run.State, ScanGraph.Vision);
        static string Key(string? s) => (s ?? "").Replace(" ", "", StringComparison.Ordinal);
        var guide = catalog.Guides.FirstOrDefault(g => Key(g.Stream) == Key(vision.Major) && Key(g.SubCategory) == Key(vision.Middle))
                    ?? (vision.Middle is null ? catalog.Guides.FirstOrDefault(g => Key(g.Stream) == Key(vision.Major) && g.SubCategory is null) : null);
        return Task.FromResult(StageOutputs.Write(new RuleOutput(guide?.Id, guide?.Title)));
    }
}

/// <summary>Writes the steps for the chosen guide and what is still missing in the preparation; streams it.</summary>
/// <remarks>With no matching rule no model is called: a fixed, honest answer says the rule could not be matched.</remarks>
public sealed class ScanAnswerStage(IChatModel model, WasteCatalog catalog, LocalAnswerWriter writer, RewardRules rewards, ChatOptions options, TimeProvider time)
    : IStage
{
    /// <inheritdoc />
    public string Name => ScanGraph.Answer;

    /// <inheritdoc />
    /// <remarks>Provider retries end at the first token; a stream that breaks after it is retried only here, hence one attempt more than other stages.</remarks>
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(180), MaxAttempts: 3, RetryBackoff: TimeSpan.FromSeconds(1));

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
        return StageOutputs.Write(await AnswerStreaming.StreamAsync(model, request, sink, options.TokenWindow, time, cancellationToken).ConfigureAwait(false));
    }
}

/// <summary>Grants a character for correctly prepared recyclables; its journaled output is the grant, so a job can never grant twice.</summary>
public sealed class RewardStage(RewardRules rewards) : IStage
{
    /// <inheritdoc />
    public string Name => ScanGraph.Reward;

    /// <inheritdoc />
    public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(10), MaxAttempts: 3, RetryBackoff: TimeSpan.FromMilliseconds(200));

    /// <inheritdoc />
    public Task<string> RunAsync(StageRun run, IStageSink sink, CancellationToken cancellationToken)
    {
        var classification = ScanGraph.Classification(run.State);
        var rule = StageOutputs.Read<RuleOutput>(run.State, ScanGraph.Rule);
        var decision = rewards.Evaluate(classification, rule.GuideId is not null, rewards.Insufficiencies(classification));
        return Task.FromResult(StageOutputs.Write(new RewardOutput(decision.Eligible, decision.Status.ToString(), decision.Character?.Name, decision.ToKorean())));
    }
}
