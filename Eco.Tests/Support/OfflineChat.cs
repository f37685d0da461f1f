using Eco.Agents.Dialogue;
using Eco.Agents.Intents;
using Eco.Agents.Vision;
using Eco.Agents.Waste;
using Eco.Streams.Chat;
using Eco.Streams.Graph;
using Eco.Streams.Llm.Local;
using Eco.Streams.Scan;

namespace Eco.Tests.Support;

/// <summary>The chat graph on the offline model, wired as a node wires it, over the sub-agents a test chooses.</summary>
internal static class OfflineChat
{
    public static StageGraph Graph(WasteRetriever retriever, IReadOnlyList<ISubAgent> agents)
    {
        var classifier = new KeywordIntentClassifier(retriever);
        var subjects = SubjectReader.ForEmbeddedData(retriever, classifier);
        var model = new LocalChatModel(classifier, new FollowUpResolver(subjects), new TextHintVision(new TextHintClassifier(retriever)),
            new LocalModelOptions { TokenDelay = TimeSpan.Zero }, TimeProvider.System);
        return ChatGraph.Create(model, subjects, agents, new ChatOptions(), TimeProvider.System);
    }
}
