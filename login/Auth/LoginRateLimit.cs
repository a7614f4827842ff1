using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Platform.Problems;
using Platform.Settings;

namespace Platform.Login.Auth;

/// <summary>Slows down password guessing: sign-in attempts per client address per minute.</summary>
internal static class LoginRateLimit
{
    public const string PolicyName = "login";

    public static IHostApplicationBuilder AddLoginRateLimit(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddSettings<LoginOptions>();
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.AttemptsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            options.OnRejected = async (rejected, ct) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "60";
                await rejected.HttpContext.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts", "Wait a minute, then try again.");
            };
        });
        return builder;
    }
}
