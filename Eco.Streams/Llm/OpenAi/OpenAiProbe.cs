using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Eco.Streams.Llm.OpenAi;

/// <summary>The health probe of an OpenAI-compatible endpoint: its models list, or a one-token completion where the server has no
/// models list (some gateways).</summary>
public static class OpenAiProbe
{
    /// <summary>Null when the endpoint answered, else why it did not, in our words.</summary>
    public static async Task<string?> ProbeAsync(OpenAiProviderOptions options, CancellationToken cancellationToken)
    {
        var credential = new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "none" : options.ApiKey);
        var client = new OpenAIClientOptions { Endpoint = new Uri(options.BaseUrl), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        try
        {
            try
            {
                await new OpenAIModelClient(credential, client).GetModelsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ClientResultException ex) when (ex.Status is 404 or 405)
            {
                await new ChatClient(options.Model, credential, client)
                    .CompleteChatAsync([new UserChatMessage("ping")], new ChatCompletionOptions { MaxOutputTokenCount = 1 }, cancellationToken)
                    .ConfigureAwait(false);
            }
            return null;
        }
        catch (ClientResultException ex) when (ex.Status > 0)
        {
            return $"{options.BaseUrl} answered HTTP {ex.Status}";
        }
        catch (ClientResultException ex)
        {
            return $"{options.BaseUrl} is unreachable: {ex.InnerException?.Message ?? ex.Message}";
        }
        catch (HttpRequestException ex)
        {
            return $"{options.BaseUrl} is unreachable: {ex.Message}";
        }
    }
}
