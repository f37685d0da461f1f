using Eco.Actors.Jobs;
using Eco.Agents.Intents;
using Eco.Agents.Waste;
using Eco.Streams.Chat;
using Eco.Tests.Support;

namespace Eco.Tests.Unit.Streams;

public sealed class ChatGraphTests : JournalTest
{
    /// <summary>Sub-agents that can finish only once all of them are running: sequential execution would time them out.</summary>
    private sealed class RendezvousAgent(string name, Intent intent, int priority, Barrier barrier) : ISubAgent
    {
        public string Name => name;
        public Intent Intent => intent;
        public int Priority => priority;
        public StagePolicy Policy { get; } = new(TimeSpan.FromSeconds(10), 1, TimeSpan.Zero, FailMode.Close);

        public async Task<SubAgentResult> RunAsync(SubAgentInput input, CancellationToken cancellationToken)
        {
            await Task.Run(() => barrier.SignalAndWait(TimeSpan.FromSeconds(5), cancellationToken), cancellationToken);
            if (barrier.ParticipantsRemaining != barrier.ParticipantCount)
            {
                throw new InvalidOperationException("not all sub-agents were running at once");
            }
            return new SubAgentResult(name, $"[{name}]", null, null);
        }
    }

    [Fact]
    public async Task MultiIntentMessage_SubAgentsRunConcurrentlyAndMergeByPriority()
    {
        using var barrier = new Barrier(3);
        var agents = new ISubAgent[]
        {
            new RendezvousAgent("waste", Intent.Waste, 0, barrier),
            new RendezvousAgent("collection_point", Intent.CollectionPoint, 0, barrier),
            new RendezvousAgent("weather", Intent.Weather, 75, barrier),
        };
        var answer = await OfflineChat.AnswerAsync(Journal, OfflineChat.Graph(new WasteRetriever(WasteCatalog.LoadEmbedded()), agents),
            "이 페트병 어떻게 분리해? 근처 수거함도 알려줘");
        // Same Lamport time for the three; merged by priority then name, whatever order they finished in.
        Assert.True(answer.IndexOf("[collection_point]", StringComparison.Ordinal) < answer.IndexOf("[waste]", StringComparison.Ordinal));
        Assert.True(answer.IndexOf("[waste]", StringComparison.Ordinal) < answer.IndexOf("[weather]", StringComparison.Ordinal));
    }
}
