using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Eco.Host.Hosting;
using Eco.Streams.Providers;

namespace Eco.Host.Api;

/// <summary>The provider registry for operators (what <c>eco providers</c> calls): register, update, retire, roll back providers,
/// set the fallback chain, and read states and history. Every change goes through the registry's one actor and is journaled
/// before it is answered.</summary>
internal static class ProvidersApi
{
    private const int MaxBodyBytes = 64 * 1024;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static void MapProvidersApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/providers", ListAsync).WithName("ListProviders");
        admin.MapPost("/providers", RegisterAsync).WithName("RegisterProvider");
        admin.MapGet("/providers/{name}", ShowAsync).WithName("ShowProvider");
        admin.MapPatch("/providers/{name}", UpdateAsync).WithName("UpdateProvider");
        admin.MapGet("/providers/{name}/history", HistoryAsync).WithName("ProviderHistory");
        admin.MapPost("/providers/{name}/retire", RetireAsync).WithName("RetireProvider");
        admin.MapPost("/providers/{name}/rollback", RollbackAsync).WithName("RollbackProvider");
        admin.MapGet("/chain", GetChainAsync).WithName("GetChain");
        admin.MapPut("/chain", SetChainAsync).WithName("SetChain");
    }

    internal sealed record ProviderSummary(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("model")] string? Model,
        [property: JsonPropertyName("base_url")] string? BaseUrl,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("state")] string State,
        [property: JsonPropertyName("state_since")] DateTimeOffset StateSince,
        [property: JsonPropertyName("state_reason")] string StateReason,
        [property: JsonPropertyName("in_chain")] bool InChain);

    internal sealed record ChainView(
        [property: JsonPropertyName("chain")] IReadOnlyList<string> Chain,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("effective")] IReadOnlyList<string> Effective,
        [property: JsonPropertyName("revision")] long Revision,
        [property: JsonPropertyName("node_revision")] long NodeRevision);

    internal sealed record ProvidersView(
        [property: JsonPropertyName("chain")] ChainView Chain,
        [property: JsonPropertyName("providers")] IReadOnlyList<ProviderSummary> Providers);

    internal sealed record TransitionView(
        [property: JsonPropertyName("from")] string From,
        [property: JsonPropertyName("to")] string To,
        [property: JsonPropertyName("at")] DateTimeOffset At,
        [property: JsonPropertyName("reason")] string Reason);

    internal sealed record VersionView(
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("at")] DateTimeOffset At,
        [property: JsonPropertyName("reason")] string Reason,
        [property: JsonPropertyName("settings")] JsonObject Settings);

    internal sealed record ProviderDetail(
        [property: JsonPropertyName("provider")] ProviderSummary Provider,
        [property: JsonPropertyName("settings")] JsonObject Settings,
        [property: JsonPropertyName("transitions")] IReadOnlyList<TransitionView> Transitions);

    internal sealed record HistoryView(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("current")] int Current,
        [property: JsonPropertyName("versions")] IReadOnlyList<VersionView> Versions);

    private static async Task<IResult> ListAsync(IRequiredActor<ProviderRegistryProxy> registry, ProviderDirectory directory, CancellationToken cancellationToken) =>
        await AskAsync(registry, GetProviderRegistry.Instance, cancellationToken, state =>
            Results.Ok(new ProvidersView(Chain(state, directory), [.. state.Providers.Values.Select(p => Summary(p, state))])));

    private static async Task<IResult> ShowAsync(string name, IRequiredActor<ProviderRegistryProxy> registry, CancellationToken cancellationToken) =>
        await AskAsync(registry, GetProviderRegistry.Instance, cancellationToken, state => state.Providers.TryGetValue(name, out var entry)
            ? Results.Ok(Detail(entry, state))
            : Problem(StatusCodes.Status404NotFound, $"no provider '{name}'"));

    private static async Task<IResult> HistoryAsync(string name, IRequiredActor<ProviderRegistryProxy> registry, CancellationToken cancellationToken) =>
        await AskAsync(registry, GetProviderRegistry.Instance, cancellationToken, state => state.Providers.TryGetValue(name, out var entry)
            ? Results.Ok(new HistoryView(name, entry.Current.Version, [.. entry.Versions.Select(v => new VersionView(v.Version, v.At, v.Reason, v.Settings.ToJson()))]))
            : Problem(StatusCodes.Status404NotFound, $"no provider '{name}'"));

    private static async Task<IResult> RegisterAsync(HttpRequest request, IRequiredActor<ProviderRegistryProxy> registry, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name))
        {
            return Problem(StatusCodes.Status400BadRequest, "'name' is required: the provider's name, e.g. {\"name\":\"vllm-a\",\"kind\":\"openai\",…}");
        }
        body.Remove("name");
        ProviderSettings settings;
        try
        {
            settings = ProviderSettings.Parse(body);
        }
        catch (ProviderSettingsException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, ex.Message);
        }
        return await AskAsync(registry, new RegisterProvider(name, settings), cancellationToken,
            state => Results.Created($"/admin/providers/{Uri.EscapeDataString(name)}", Detail(state.Providers[name], state)));
    }

    private static async Task<IResult> UpdateAsync(string name, HttpRequest request, IRequiredActor<ProviderRegistryProxy> registry, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        return problem ?? await AskAsync(registry, new UpdateProvider(name, body!.ToJsonString()), cancellationToken,
            state => Results.Ok(Detail(state.Providers[name], state)));
    }

    private static async Task<IResult> RetireAsync(string name, HttpRequest request, IRequiredActor<ProviderRegistryProxy> registry, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonObjectBody.ReadOptionalAsync(request, MaxBodyBytes, cancellationToken); // the body (a reason) is optional
        if (problem is not null)
        {
            return problem;
        }
        var reason = body!["reason"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return await AskAsync(registry, new RetireProvider(name, reason), cancellationToken, state => Results.Ok(Detail(state.Providers[name], state)));
    }

    private static async Task<IResult> RollbackAsync(string name, HttpRequest request, IRequiredActor<ProviderRegistryProxy> registry, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["to"] is not JsonValue to || !to.TryGetValue<int>(out var version) || version < 1)
        {
            return Problem(StatusCodes.Status400BadRequest, "'to' is required: the version to restore, a whole number ≥ 1, e.g. {\"to\":2}");
        }
        return await AskAsync(registry, new RollbackProvider(name, version), cancellationToken, state => Results.Ok(Detail(state.Providers[name], state)));
    }

    private static async Task<IResult> GetChainAsync(IRequiredActor<ProviderRegistryProxy> registry, ProviderDirectory directory, CancellationToken cancellationToken) =>
        await AskAsync(registry, GetProviderRegistry.Instance, cancellationToken, state => Results.Ok(Chain(state, directory)));

    private static async Task<IResult> SetChainAsync(HttpRequest request, IRequiredActor<ProviderRegistryProxy> registry, ProviderDirectory directory,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["chain"] is not JsonArray names || names.Any(n => n is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            return Problem(StatusCodes.Status400BadRequest, "'chain' is required: provider names, first choice first, e.g. {\"chain\":[\"vllm-a\",\"local\"]}");
        }
        return await AskAsync(registry, new SetChain([.. names.Select(n => n!.GetValue<string>())]), cancellationToken, state => Results.Ok(Chain(state, directory)));
    }

    private static async Task<IResult> AskAsync(IRequiredActor<ProviderRegistryProxy> registry, object command, CancellationToken cancellationToken,
        Func<ProviderRegistryState, IResult> ok)
    {
        RegistryResult result;
        try
        {
            result = await registry.ActorRef.Ask<RegistryResult>(command, AskTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable,
                $"the provider registry did not answer within {AskTimeout.TotalSeconds:0} s (it may be moving to another node); try again");
        }
        return result.Outcome switch
        {
            RegistryOutcome.Ok => ok(result.State),
            RegistryOutcome.NotFound => Problem(StatusCodes.Status404NotFound, result.Reason!),
            RegistryOutcome.Conflict => Problem(StatusCodes.Status409Conflict, result.Reason!),
            _ => Problem(StatusCodes.Status422UnprocessableEntity, result.Reason!),
        };
    }

    private static ChainView Chain(ProviderRegistryState state, ProviderDirectory directory) =>
        new(state.Chain, state.ChainVersion, state.EffectiveChain, state.Revision, directory.State.Revision);

    private static ProviderSummary Summary(ProviderEntry entry, ProviderRegistryState state)
    {
        var settings = entry.Current.Settings;
        return new ProviderSummary(entry.Name, settings.Kind, settings.Model, settings.BaseUrl, entry.Current.Version,
            ProviderRegistryState.Describe(entry.State), entry.StateSince, entry.StateReason, state.Chain.Contains(entry.Name));
    }

    private static ProviderDetail Detail(ProviderEntry entry, ProviderRegistryState state) => new(Summary(entry, state), entry.Current.Settings.ToJson(),
        [.. entry.Transitions.Select(t => new TransitionView(ProviderRegistryState.Describe(t.From), ProviderRegistryState.Describe(t.To), t.At, t.Reason))]);

    private static IResult Problem(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);
}
