using System.Globalization;
using System.Threading.RateLimiting;
using Eco.Host.Auth;
using Microsoft.Extensions.Options;

namespace Eco.Host.Limits;

/// <summary>Requests per minute per user on the public API (ASP.NET Core rate limiting, partitioned by the token's subject).</summary>
internal static class UserRateLimiting
{
    public const string PerUserPolicy = "per-user";
    private static readonly TimeSpan FallbackRetryAfter = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddEcoUserLimits(this IServiceCollection services)
    {
        services.AddOptions<UserLimitOptions>().BindConfiguration(UserLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UserJobLimiter>();
        services.AddHostedService<UserJobSweeper>();
        services.AddSingleton<UserStreams>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PerUserPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<UserLimitOptions>>().Value;
                // Only authenticated requests reach here (authorization runs first), so the partition is always a user.
                return RateLimitPartition.GetSlidingWindowLimiter(context.User.UserId(), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = limits.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : FallbackRetryAfter;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var limits = rejected.HttpContext.RequestServices.GetRequiredService<IOptions<UserLimitOptions>>().Value;
                await Results.Problem(detail: $"more than {limits.RequestsPerMinute} requests in a minute from this user; try again in {seconds} s",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }
}
