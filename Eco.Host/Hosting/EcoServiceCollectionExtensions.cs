using Akka.Actor;
using Akka.Streams;
using Eco.Actors.Entities;
using Eco.Actors.Events;
using Eco.Actors.Images;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Actors.Journal.Postgres;
using Eco.Actors.Journal.Sqlite;
using Eco.Actors.Revocations;
using Eco.Actors.Sharding;
using Eco.Actors.Snapshots;
using Eco.Agents.Answers;
using Eco.Agents.Dialogue;
using Eco.Agents.Intents;
using Eco.Agents.Rewards;
using Eco.Agents.Vision;
using Eco.Streams.Llm;
using Eco.Agents.Waste;
using Eco.Streams.Chat;
using Eco.Streams.Graph;
using Eco.Streams.Llm.Local;
using Eco.Streams.Resilience;
using Eco.Streams.Scan;
using Microsoft.Extensions.Options;

namespace Eco.Host.Hosting;

/// <summary>Registers an Eco node: the one place adapters are chosen.</summary>
internal static class EcoServiceCollectionExtensions
{
    public static IServiceCollection AddEcoNode(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddValidatedOptions<SqliteJournalOptions>(SqliteJournalOptions.SectionName);
        services.AddValidatedOptions<EntityOptions>(EntityOptions.SectionName);
        services.AddValidatedOptions<JobEntityOptions>(JobEntityOptions.SectionName);
        services.AddValidatedOptions<LocalModelOptions>(LocalModelOptions.SectionName);
        services.AddValidatedOptions<ApiOptions>(ApiOptions.SectionName);
        services.AddValidatedOptions<ChatOptions>(ChatOptions.SectionName);
        services.AddValidatedOptions<ImageOptions>(ImageOptions.SectionName);
        services.AddSingleton<ImageRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<ImageRetention>());
        services.AddHostedService<IdleJobSweeper>();

        // Journal: embedded SQLite by default; PostgreSQL in cluster mode. Either adapter serves both ports.
        var journal = configuration["Eco:Journal:Provider"] ?? "sqlite";
        switch (journal.ToLowerInvariant())
        {
            case "sqlite":
                services.AddSingleton(sp => new SqliteJournal(
                    sp.GetRequiredService<IOptions<SqliteJournalOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SqliteJournal>>(),
                    sp.GetRequiredService<ILiveEventPublisher>()));
                services.AddSingleton<IJournal>(sp => sp.GetRequiredService<SqliteJournal>());
                services.AddSingleton<ISnapshotStore>(sp => sp.GetRequiredService<SqliteJournal>());
                services.AddSingleton<IImageStore>(sp => new SqliteImageStore(
                    sp.GetRequiredService<IOptions<ImageOptions>>().Value.FilePath
                        ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sp.GetRequiredService<IOptions<SqliteJournalOptions>>().Value.FilePath))!, "images.db"),
                    sp.GetRequiredService<TimeProvider>()));
                break;
            case "postgres":
                services.AddValidatedOptions<PostgresJournalOptions>(PostgresJournalOptions.SectionName);
                services.AddSingleton(sp => new PostgresJournal(
                    sp.GetRequiredService<IOptions<PostgresJournalOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgresJournal>>(),
                    sp.GetRequiredService<ILiveEventPublisher>()));
                services.AddSingleton<IJournal>(sp => sp.GetRequiredService<PostgresJournal>());
                services.AddSingleton<ISnapshotStore>(sp => sp.GetRequiredService<PostgresJournal>());
                services.AddSingleton<IImageStore>(sp =>
                {
                    var postgres = sp.GetRequiredService<IOptions<PostgresJournalOptions>>().Value;
                    return new PostgresImageStore(postgres.ConnectionString, postgres.Schema, sp.GetRequiredService<TimeProvider>(),
                        sp.GetRequiredService<PostgresJournal>().WaitReadyAsync);
                });
                services.AddHostedService<PostgresReadiness>();
                break;
            default:
                throw new InvalidOperationException($"Eco:Journal:Provider must be 'sqlite' or 'postgres', not '{journal}'");
        }

        services.AddSingleton(new NodeReadiness(
            needsRedis: configuration.GetValue<bool>("Eco:Cluster:Enabled"), needsJournal: journal.Equals("postgres", StringComparison.OrdinalIgnoreCase)));

        // Live delivery
        services.AddSingleton<LiveEventHub>();
        services.AddEcoCluster(configuration); // fences, publisher and Redis differ between a single node and a cluster
        services.AddSingleton(sp => new JobWatcher(
            sp.GetRequiredService<IJournal>(),
            sp.GetRequiredService<LiveEventHub>(),
            sp.GetRequiredService<IOptions<ApiOptions>>().Value.WatchBufferEvents,
            remote: sp.GetService<IRemoteEventSource>())); // in a cluster: other nodes' events, for the jobs watched here

        // Domain
        services.AddSingleton(_ => WasteCatalog.LoadEmbedded());
        services.AddSingleton(sp => new WasteRetriever(sp.GetRequiredService<WasteCatalog>()));
        services.AddSingleton(sp => new KeywordIntentClassifier(sp.GetRequiredService<WasteRetriever>()));
        services.AddSingleton(sp => SubjectReader.ForEmbeddedData(sp.GetRequiredService<WasteRetriever>(), sp.GetRequiredService<KeywordIntentClassifier>()));
        services.AddSingleton<FollowUpResolver>();
        services.AddSingleton<LocalAnswerWriter>();

        // Models: the offline model, then the configured chain of providers (each limited and resilient)
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LocalModelOptions>>().Value);
        services.AddSingleton(sp => new TextHintClassifier(sp.GetRequiredService<WasteRetriever>()));
        services.AddSingleton<ILocalVision, TextHintVision>();
        services.AddSingleton<LocalChatModel>();
        services.AddEcoModels();

        // Pipelines
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ChatOptions>>().Value);
        services.AddSingleton<StageBreakers>();
        services.AddEcoSubAgents();
        services.AddSingleton<IJobPipeline>(sp =>
        {
            // Answers stream on one materializer of the node's actor system, made at the first answer (the system starts with the host).
            var materializer = new Lazy<IMaterializer>(() => sp.GetRequiredService<ActorSystem>().Materializer());
            return new JobPipelineRouter(new Dictionary<string, StageGraph>
            {
                [ChatGraph.Kind] = ChatGraph.Create(
                    sp.GetRequiredService<IChatModel>(), sp.GetRequiredService<SubjectReader>(), [.. sp.GetServices<ISubAgent>()], sp.GetRequiredService<ChatOptions>(),
                    sp.GetRequiredService<TimeProvider>(), () => materializer.Value,
                    sp.GetRequiredService<ConversationHub>()),
                [ScanGraph.Kind] = ScanGraph.Create(sp.GetRequiredService<IChatModel>(), sp.GetRequiredService<IImageStore>(), sp.GetRequiredService<WasteCatalog>(), sp.GetRequiredService<LocalAnswerWriter>(),
                    sp.GetRequiredService<RewardRules>(), sp.GetRequiredService<CharacterOwnership>(), sp.GetRequiredService<ChatOptions>(),
                    sp.GetRequiredService<TimeProvider>(), () => materializer.Value),
            }, sp.GetRequiredService<StageBreakers>());
        });

        // Revocations: this node's copy of the cluster's list, which requests are checked against (the actor system keeps it current)
        services.AddValidatedOptions<RevocationOptions>(RevocationOptions.SectionName);
        services.AddSingleton<RevocationList>();

        // Entities: persistent actors in one sharding region (the actor system starts with the host)
        services.AddSingleton<ConversationHub>();
        services.AddSingleton(sp => new JobEntityServices(
            sp.GetRequiredService<IJobPipeline>(),
            sp.GetRequiredService<IOptions<JobEntityOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Eco.Actors.Jobs.JobActor"))
        {
            Observer = sp.GetRequiredService<ConversationHub>(),
            Fences = sp.GetRequiredService<ShardFences>(),
        });
        services.AddSingleton<JobService>();
        services.AddEcoAkka(configuration);
        return services;
    }

    private static void AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
