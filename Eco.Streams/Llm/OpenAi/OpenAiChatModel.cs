using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using OpenAI;
using OpenAI.Chat;

namespace Eco.Streams.Llm.OpenAi;

/// <summary>The OpenAI SDK adapter: any OpenAI-compatible endpoint, streaming and structured output.</summary>
/// <remarks>The SDK's own retries are off (<c>maxRetries: 0</c>): retries, timeouts and breakers belong to the resilience pipeline,
/// which honours Retry-After and journals each retry.</remarks>
public sealed class OpenAiChatModel : IChatModel
{
    private readonly ChatClient _client;

    /// <summary>Creates the adapter for one endpoint.</summary>
    public OpenAiChatModel(string provider, OpenAiProviderOptions options)
    {
        Provider = provider;
        Model = options.Model;
        _client = new ChatClient(options.Model, new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "none" : options.ApiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(options.BaseUrl),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.NetworkTimeout,
            Transport = options.Http2 ? Http2Transport() : null,
        });
    }

    /// <summary>An HTTP/2-only transport: concurrent calls multiplex over a few connections (more open as streams fill up).</summary>
    private static HttpClientPipelineTransport Http2Transport() =>
        new(new HttpClient(new Http2OnlyHandler(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }))
        {
            Timeout = Timeout.InfiniteTimeSpan, // the pipeline's NetworkTimeout governs
        });

    /// <summary>The SDK builds its own request messages (HTTP/1.1 by default; HttpClient's default version does not apply), so set it here.</summary>
    private sealed class Http2OnlyHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Version = System.Net.HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <inheritdoc />
    public string Provider { get; }

    /// <inheritdoc />
    public string Model { get; }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var updates = _client.CompleteChatStreamingAsync(Messages(request), Options(request), cancellationToken);
        await foreach (var update in updates.ConfigureAwait(false))
        {
            if (update.Usage is { } usage)
            {
                request.UsageObserver?.Invoke(new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount)); // the SDK asks for it in the last chunk
            }
            foreach (var part in update.ContentUpdate)
            {
                if (!string.IsNullOrEmpty(part.Text))
                {
                    yield return part.Text;
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        ChatCompletion completion = await _client.CompleteChatAsync(Messages(request), Options(request), cancellationToken).ConfigureAwait(false);
        return new ModelReply(string.Concat(completion.Content.Select(p => p.Text)), Provider)
        {
            Usage = completion.Usage is { } usage ? new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount) : null,
        };
    }

    private static List<ChatMessage> Messages(ModelRequest request) =>
    [
        .. request.Messages.Select<ChatTurn, ChatMessage>(m => m.Role switch
        {
            "system" => new SystemChatMessage(m.Content),
            "assistant" => new AssistantChatMessage(m.Content),
            _ when m.Image is { } image => new UserChatMessage(ChatMessageContentPart.CreateTextPart(m.Content), ImagePart(image)),
            _ => new UserChatMessage(m.Content),
        }),
    ];

    // Low detail: a fixed ~85 tokens whatever the photo's size, enough to tell a bottle from a can (the reference system's choice).
    private static ChatMessageContentPart ImagePart(ModelImage image) => image.Url is { } url
        ? ChatMessageContentPart.CreateImagePart(url, ChatImageDetailLevel.Low)
        : ChatMessageContentPart.CreateImagePart(image.Bytes!, image.MediaType!, ChatImageDetailLevel.Low);

    private static ChatCompletionOptions Options(ModelRequest request)
    {
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = request.MaxOutputTokens,
            EndUserId = request.CallKey, // lets a provider (and our fake server) count calls per job step
        };
        if (request.Schema is { } schema)
        {
            options.ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(schema.Name, BinaryData.FromString(schema.Json), jsonSchemaIsStrict: true);
        }
        return options;
    }
}
