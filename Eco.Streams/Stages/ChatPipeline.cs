using Eco.Actors.Jobs;
using Eco.Streams.Graph;

namespace Eco.Streams.Stages;

/// <summary>The chat job for this milestone: classify → retrieve → answer.</summary>
public static class ChatPipeline
{
    /// <summary>The job kind this pipeline runs.</summary>
    public const string Kind = "chat";

    /// <summary>Builds the pipeline from its stages.</summary>
    public static LinearPipeline Create(ClassifyStage classify, RetrieveStage retrieve, AnswerStage answer) =>
        new([classify, retrieve, answer], state => StageOutputs.Read<AnswerOutput>(state, ChatStages.Answer).Text);
}
