using System.Security.Claims;
using Eco.Actors.Images;
using Eco.Host.Auth;
using Eco.Host.Hosting;
using Eco.Host.Limits;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Eco.Host.Api;

/// <summary>Photos for scans: upload one (<c>POST /v1/images</c>), then scan it with <c>{"kind":"scan","image_id":…}</c>; read it
/// back (<c>GET /v1/images/{id}</c>). A photo is its owner's alone, like their jobs.</summary>
internal static class ImagesApi
{
    private const int MaxNameChars = 200;
    private const int MultipartOverheadBytes = 64 * 1024; // boundaries and part headers around the file
    private const int DefaultListLimit = 100;
    private const int MaxListLimit = 1_000;

    public static RouteGroupBuilder MapImagesApi(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/v1/images").WithTags("Images").RequireAuthorization().RequireRateLimiting(UserRateLimiting.PerUserPolicy);
        images.MapPost("/", UploadAsync).WithName("UploadImage");
        images.MapGet("/", ListAsync).WithName("ListImages");
        images.MapGet("/{imageId}", GetAsync).WithName("GetImage");
        images.MapDelete("/{imageId}", DeleteAsync).WithName("DeleteImage");
        return images;
    }

    /// <summary>Takes the photo as a form's <c>file</c> field (<c>curl -F file=@photo.jpg</c>, a browser form) or as the body itself
    /// (with its file name, if any, in <c>X-Image-Name</c>, URL-encoded).</summary>
    public static async Task<Results<Created<ImageResponse>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, ClaimsPrincipal user, IImageStore images, IOptions<ImageOptions> options, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxBytes;
        byte[] bytes;
        string? name;
        if (request.HasFormContentType)
        {
            if (request.ContentLength > max + MultipartOverheadBytes)
            {
                return TooLarge(max);
            }
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max + MultipartOverheadBytes, ValueCountLimit = 16 }, cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                return Problem(StatusCodes.Status400BadRequest, $"the form could not be read: {ex.Message}");
            }
            var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null);
            if (file is null)
            {
                return Problem(StatusCodes.Status400BadRequest, "send the photo as the form's 'file' field, or as the request body with its image Content-Type");
            }
            if (file.Length > max)
            {
                return TooLarge(max);
            }
            bytes = new byte[file.Length];
            await using (var content = file.OpenReadStream())
            {
                await content.ReadExactlyAsync(bytes, cancellationToken);
            }
            name = file.FileName;
        }
        else
        {
            if (request.ContentLength > max)
            {
                return TooLarge(max);
            }
            using var buffer = new MemoryStream();
            try
            {
                await using var limited = new LimitedReadStream(request.Body, max);
                await limited.CopyToAsync(buffer, cancellationToken);
            }
            catch (LimitedReadStream.TooLargeException)
            {
                return TooLarge(max);
            }
            bytes = buffer.ToArray();
            name = Uri.UnescapeDataString(request.Headers["X-Image-Name"].ToString());
        }
        if (bytes.Length == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "the photo is empty");
        }
        if (ImageFormats.Sniff(bytes) is not { } contentType)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, $"the photo must be a {ImageFormats.Accepted} image; these bytes are none of them");
        }
        var quota = options.Value.QuotaBytes;
        var save = await images.SaveAsync(user.UserId(), contentType, CleanName(name), bytes, quota > 0 ? quota : null, cancellationToken);
        if (save.Image is not { } stored)
        {
            return Problem(StatusCodes.Status403Forbidden,
                $"this photo ({ByteSizes.Describe(bytes.Length)}) does not fit: your {save.Usage.Count} stored photos take {ByteSizes.Describe(save.Usage.Bytes)} " +
                $"of the {ByteSizes.Describe(quota)} allowed; delete some (DELETE /v1/images/{{id}}) or wait for older ones to expire");
        }
        return TypedResults.Created($"/v1/images/{stored.Id}",
            new ImageResponse(stored.Id, stored.ContentType, stored.Bytes.Length, stored.Name, stored.StoredAt));
    }

    /// <summary>The caller's photos, newest first; <c>?limit=</c> (default 100, at most 1,000).</summary>
    public static async Task<Results<Ok<ImageListResponse>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IImageStore images, IOptions<ImageOptions> options, CancellationToken cancellationToken, string? limit = null)
    {
        if (!QueryArguments.TryParseLimit(limit, MaxListLimit, DefaultListLimit, out var pageSize, out var error))
        {
            return Problem(StatusCodes.Status400BadRequest, error);
        }
        var owner = user.UserId();
        var usage = await images.UsageAsync(owner, cancellationToken);
        var listed = await images.ListAsync(owner, pageSize, cancellationToken);
        var quota = options.Value.QuotaBytes;
        return TypedResults.Ok(new ImageListResponse(
            [.. listed.Select(i => new ImageResponse(i.Id, i.ContentType, checked((int)i.Size), i.Name, i.StoredAt))],
            usage.Count, usage.Bytes, quota > 0 ? quota : null));
    }

    /// <summary>Deletes one of the caller's photos (a scan that already read it keeps what it saw: its journal).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string imageId, ClaimsPrincipal user, IImageStore images, CancellationToken cancellationToken) =>
        ImageIds.IsWellFormed(imageId) && await images.DeleteAsync(imageId, user.UserId(), cancellationToken)
            ? TypedResults.NoContent()
            : NotFound(imageId);

    public static async Task<IResult> GetAsync(
        string imageId, HttpResponse response, ClaimsPrincipal user, IImageStore images, Ownership ownership, CancellationToken cancellationToken)
    {
        if (!ImageIds.IsWellFormed(imageId) || await images.FindAsync(imageId, cancellationToken) is not { } image || !ownership.CanSee(image.Owner, user))
        {
            return NotFound(imageId); // someone else's: as if it did not exist
        }
        response.Headers.CacheControl = "private, max-age=31536000, immutable"; // an id names these bytes for ever
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(image.Bytes, image.ContentType);
    }

    // A browser may send a whole path (C:\Users\…\photo.jpg); only the file's own name is kept, without control characters.
    private static string? CleanName(string? name)
    {
        var file = Path.GetFileName((name ?? "").Replace('\\', '/')).Trim();
        file = new string([.. file.Where(c => !char.IsControl(c))]);
        return file.Length == 0 ? null : file.Length <= MaxNameChars ? file : file[..MaxNameChars];
    }

    private static ProblemHttpResult NotFound(string imageId) =>
        Problem(StatusCodes.Status404NotFound, $"no photo with id '{QueryArguments.Truncate(imageId)}'");

    private static ProblemHttpResult TooLarge(int max) =>
        Problem(StatusCodes.Status413PayloadTooLarge, $"the photo is larger than {ByteSizes.Describe(max)} ({max:N0} bytes)");

    private static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);
}
