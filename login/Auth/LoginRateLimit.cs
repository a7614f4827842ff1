using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Platform.Login.Auth;

/// <summary>Slows down password guessing: sign-in attempts per client address per minute.</summary>
internal static class LoginRateLimit
{
    public const string PolicyName = "login";

    public static IHostApplicationBuilder AddLoginRateLimit(this IHostApplicationBuilder builder)
    {
        var permitsPerMinute = builder.Configuration.GetValue("Login:AttemptsPerMinute", 30);
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            options.OnRejected = async (rejected, ct) =>
            {
                var context = rejected.HttpContext;
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "60";
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many sign-in attempts", Detail = "Wait a minute, then try again." },
                });
            };
        });
        return builder;
    }
}
