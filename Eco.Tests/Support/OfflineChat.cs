using Akka.Actor;
using Eco.Actors.Jobs;
using Eco.Actors.Journal.Sqlite;
using Eco.Agents.Dialogue;
using Eco.Agents.Intents;
using Eco.Agents.Vision;
using Eco.Agents.Waste;
using Eco.Streams.Chat;
using Eco.Streams.Graph;
using Eco.Streams.Llm.Local;
using Eco.Streams.Resilience;
using Eco.Streams.Scan;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eco.Tests.Support;

/// <summary>The chat graph on the offline model, wired as a node wires it, over the sub-agents a test chooses; and one job run through it.</summary>
internal static class OfflineChat
{
    public static StageGraph Graph(WasteRetriever retriever, IReadOnlyList<ISubAgent> agents)
    {
        var classifier = new KeywordIntentClassifier(retriever);
        var subjects = SubjectReader.ForEmbeddedData(retriever, classifier);
        var model = new LocalChatModel(classifier, new FollowUpResolver(subjects), new TextHintVision(new TextHintClassifier(retriever)),
            new LocalModelOptions { TokenDelay = TimeSpan.Zero }, TimeProvider.System);
        return ChatGraph.Create(model, subjects, agents, new ChatOptions(), TimeProvider.System, TestLanes.Materializer);
    }

    /// <summary>Runs one chat job through <paramref name="graph"/> in a job actor on <paramref name="journal"/>; its answer once completed.</summary>
    public static async Task<string> AnswerAsync(SqliteJournal journal, StageGraph graph, string message)
    {
        var pipeline = new JobPipelineRouter(new Dictionary<string, StageGraph> { [ChatGraph.Kind] = graph }, new StageBreakers(TimeProvider.System));
        using var system = EcoActorSystems.Create("chat", EcoActorSystems.Setup(journal));
        var job = JobId.New();
        var entity = system.ActorOf(JobActor.Props(job, new JobEntityServices(pipeline, new JobEntityOptions(), TimeProvider.System, NullLogger.Instance), null));
        await entity.Ask<SubmitOutcome>(new SubmitJob(new JobSpec(ChatGraph.Kind, message, null)), TimeSpan.FromSeconds(10));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await journal.GetStreamAsync(job, deadline.Token)) is not { IsTerminal: true })
        {
            await Task.Delay(10, deadline.Token);
        }
        var events = await journal.ReadAsync(job, 0, 1000, default);
        Assert.Equal("job.completed", events[^1].Type);
        return JobEventData.ReadString(events[^1].DataJson, "answer")!;
    }
}
