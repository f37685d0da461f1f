using Eco.Actors.Events;
using Eco.Actors.Images;
using Eco.Host.Streaming;
using System.Security.Claims;
using System.Text.Json;
using Eco.Actors.Jobs;
using Eco.Actors.Journal;
using Eco.Host.Auth;
using Eco.Host.Hosting;
using Eco.Host.Limits;
using Eco.Streams.Chat;
using Eco.Streams.Chat.Conversations;
using Eco.Streams.Scan;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Eco.Host.Api;

/// <summary>The jobs resource: submit, read state, read events. The live stream is in <see cref="JobStreamEndpoint"/>.</summary>
internal static class JobsApi
{
    public static readonly IReadOnlyList<string> SupportedKinds = [ChatGraph.Kind, ScanGraph.Kind];
    private const int MaxImageUrlChars = 2_048;
    private const int MaxEventsPerRead = 10_000;
    private const int MaxIdempotencyKeyChars = 200;

    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/v1/jobs").WithTags("Jobs").RequireAuthorization().RequireRateLimiting(UserRateLimiting.PerUserPolicy);
        jobs.MapPost("/", SubmitJobAsync).WithName("SubmitJob");
        jobs.MapGet("/{jobId}", GetJobAsync).WithName("GetJob");
        jobs.MapGet("/{jobId}/events", GetEventsAsync).WithName("GetJobEvents");
        jobs.Map("/{jobId}/stream", JobStreamEndpoint.HandleAsync).WithName("StreamJob");
        return jobs;
    }

    public static async Task<Results<Accepted<SubmitJobResponse>, Ok<SubmitJobResponse>, ProblemHttpResult>> SubmitJobAsync(
        HttpRequest request, ClaimsPrincipal user, JobService jobs, Ownership ownership, UserJobLimiter running, IImageStore images,
        IOptions<ApiOptions> options, IOptions<UserLimitOptions> userLimits, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (request.ContentLength > limits.MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"request body is larger than {limits.MaxBodyBytes} bytes");
        }
        if (!request.HasJsonContentType())
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "send the job as JSON with Content-Type: application/json");
        }
        var idempotencyKey = request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > MaxIdempotencyKeyChars)
        {
            return Problem(StatusCodes.Status400BadRequest, $"Idempotency-Key is longer than {MaxIdempotencyKeyChars} characters");
        }

        // Parsed first, bound second: a syntax error gets the parser's reason, a value of the wrong type names its field.
        JsonDocument document;
        try
        {
            using var limited = new LimitedReadStream(request.Body, limits.MaxBodyBytes);
            document = await JsonDocument.ParseAsync(limited, cancellationToken: cancellationToken);
        }
        catch (LimitedReadStream.TooLargeException)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"request body is larger than {limits.MaxBodyBytes} bytes");
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, $"malformed JSON: {ex.Message}");
        }
        SubmitJobRequest body;
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Problem(StatusCodes.Status400BadRequest, "the body must be a JSON object like {\"kind\":\"chat\",\"message\":\"…\"}");
            }
            try
            {
                body = document.Deserialize<SubmitJobRequest>()!; // an object never binds to null
            }
            catch (JsonException ex)
            {
                return Problem(StatusCodes.Status400BadRequest, JsonFieldError.Describe<SubmitJobRequest>(ex, document.RootElement));
            }
        }
        if (string.IsNullOrEmpty(body.Kind))
        {
            return Problem(StatusCodes.Status400BadRequest, $"'kind' is required; one of: {string.Join(", ", SupportedKinds)}");
        }
        if (!SupportedKinds.Contains(body.Kind))
        {
            return Problem(StatusCodes.Status400BadRequest,
                $"unknown kind '{QueryArguments.Truncate(body.Kind)}'; supported: {string.Join(", ", SupportedKinds)}");
        }
        var isScan = body.Kind == ScanGraph.Kind;
        if (!isScan && string.IsNullOrWhiteSpace(body.Message))
        {
            return Problem(StatusCodes.Status400BadRequest, "'message' is required and must not be empty");
        }
        if (isScan && (body.ImageUrl is null) == (body.ImageId is null))
        {
            return Problem(StatusCodes.Status400BadRequest,
                "a scan needs one photo: 'image_id' (a photo uploaded with POST /v1/images) or 'image_url' (where the model can fetch it)");
        }
        if (isScan && body.ImageUrl is not null && !IsHttpUrl(body.ImageUrl))
        {
            return Problem(StatusCodes.Status400BadRequest,
                $"'image_url' must be an absolute http(s) URL of at most {MaxImageUrlChars} characters");
        }
        if (isScan && body.ImageId is { } imageId && !(ImageIds.IsWellFormed(imageId)
            && await images.FindAsync(imageId, cancellationToken) is { } image && ownership.CanSee(image.Owner, user)))
        {
            return Problem(StatusCodes.Status400BadRequest,
                $"'image_id': no photo with id '{QueryArguments.Truncate(imageId)}'; upload it with POST /v1/images first");
        }
        if (body.Location is { } location && (location.Latitude is not (>= -90 and <= 90) || location.Longitude is not (>= -180 and <= 180)))
        {
            return Problem(StatusCodes.Status400BadRequest, "'location' needs latitude in [-90, 90] and longitude in [-180, 180]");
        }
        if (body.Message is { } message && message.Length > limits.MaxMessageChars)
        {
            return Problem(StatusCodes.Status400BadRequest,
                $"'message' has {message.Length} characters; the limit is {limits.MaxMessageChars}");
        }
        if (body.ConversationId is { } conversation && !ConversationIds.TryGetStream(conversation, out _, out var conversationError))
        {
            return Problem(StatusCodes.Status400BadRequest, $"'conversation_id': {conversationError}");
        }
        if (body.BusyPolicy is { } busy && !Enum.TryParse<BusyPolicy>(busy, ignoreCase: true, out _))
        {
            return Problem(StatusCodes.Status400BadRequest, "'busy_policy' must be one of: enqueue, reject, interrupt");
        }
        if (body.BusyPolicy is not null && body.ConversationId is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "'busy_policy' applies only with a 'conversation_id'");
        }

        if (body.ConversationId is { } turnOf && !await ownership.ClaimConversationAsync(turnOf, user, cancellationToken))
        {
            return Problem(StatusCodes.Status404NotFound, $"no conversation with id '{turnOf}'"); // someone else's: as if it did not exist
        }

        var spec = new JobSpec(body.Kind, body.Message?.Trim() ?? "", body.ConversationId)
        {
            Owner = user.UserId(),
            Location = body.Location is { } l ? new GeoLocation(l.Latitude!.Value, l.Longitude!.Value) : null,
            ImageUrl = isScan ? body.ImageUrl : null,
            ImageId = isScan ? body.ImageId : null,
            BusyPolicy = body.BusyPolicy?.ToLowerInvariant(),
        };
        using var slot = await running.TryReserveAsync(user.UserId(), cancellationToken);
        if (slot is null)
        {
            request.HttpContext.Response.Headers.RetryAfter = "5";
            return Problem(StatusCodes.Status429TooManyRequests,
                $"this user already has {userLimits.Value.ConcurrentJobs} jobs running; wait for one to end");
        }
        JobId jobId;
        SubmitOutcome outcome;
        try
        {
            (jobId, outcome) = await jobs.SubmitAsync(spec, idempotencyKey.Length == 0 ? null : idempotencyKey, cancellationToken);
        }
        catch (ShardUnavailableException ex)
        {
            // The submission may still land (sharding delivers it once the shard has a node): the job id lets the client look, and a
            // retry with the same Idempotency-Key gets that same job.
            request.HttpContext.Response.Headers.RetryAfter = "2";
            return TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["job_id"] = ex.JobId.Value });
        }
        if (outcome.DifferentRequest)
        {
            // As payment APIs do: answering with the first job would pass it off as the answer to this other request.
            return Problem(StatusCodes.Status422UnprocessableEntity,
                "this Idempotency-Key was first used with a different request; send the same body to get that job again, or a new key for a new job");
        }
        slot.Admit(jobId);
        var response = new SubmitJobResponse(jobId.Value, outcome.Created);
        return outcome.Created ? TypedResults.Accepted($"/v1/jobs/{jobId}", response) : TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetJobAsync(
        string jobId, ClaimsPrincipal user, JobService jobs, Ownership ownership, CancellationToken cancellationToken)
    {
        if (!JobId.TryParse(jobId, out var id, out var error))
        {
            return Problem(StatusCodes.Status400BadRequest, error);
        }
        var found = await jobs.GetAsync(id, cancellationToken);
        if (found is not { } job || !ownership.CanSee(job.State.Spec?.Owner, user))
        {
            return NotFound(id);
        }
        var state = job.State;
        return TypedResults.Ok(new JobView(
            id.Value,
            state.Spec?.Kind,
            state.Status.ToString().ToLowerInvariant(),
            state.LastSeq,
            state.CurrentStage,
            [.. state.StageOutputs.Keys.Order(StringComparer.Ordinal)],
            state.Answer,
            state.FailureReason,
            job.Stream.CreatedAt,
            job.Stream.UpdatedAt));
    }

    public static async Task<IResult> GetEventsAsync(
        string jobId, HttpRequest request, ClaimsPrincipal user, IJournal journal, Ownership ownership, CancellationToken cancellationToken)
    {
        if (!JobId.TryParse(jobId, out var id, out var error))
        {
            return Problem(StatusCodes.Status400BadRequest, error);
        }
        if (!QueryArguments.TryParseAfterSeq(request.Query["after_seq"].FirstOrDefault(), out var afterSeq, out error))
        {
            return Problem(StatusCodes.Status400BadRequest, error);
        }
        if (JobEventStream.IsWanted(request))
        {
            return await JobEventStream.OpenAsync(request.HttpContext, id, afterSeq, journal, ownership);
        }
        if (!await ownership.CanSeeJobAsync(id, user, cancellationToken))
        {
            return NotFound(id);
        }
        var events = await journal.ReadAsync(id, afterSeq, MaxEventsPerRead, cancellationToken);
        return TypedResults.Bytes(EventJson.ToUtf8Array(events), "application/json");
    }

    private static bool IsHttpUrl(string? value) =>
        value is { Length: > 0 and <= MaxImageUrlChars } && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static ProblemHttpResult NotFound(JobId id) => Problem(StatusCodes.Status404NotFound, $"no job with id '{id}'");

    private static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);
}
