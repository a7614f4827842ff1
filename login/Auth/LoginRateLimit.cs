using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Problems;
using Platform.Redis;
using Platform.Settings;
using StackExchange.Redis;

namespace Platform.Login.Auth;

/// <summary>
/// Slows down password guessing without letting one client lock everyone out: sign-in attempts are counted per
/// account (from anywhere) and per client address (the address the gateway vouched for, see
/// <see cref="GatewayForwardedHeaders"/>), in a counter all login instances share. Either over its limit gives 429.
/// </summary>
/// <remarks>
/// Not ASP.NET Core's rate limiter middleware: its limiters count in one process's memory, and it picks the partition
/// before the body (which names the account) is read. This is an endpoint filter that runs once the request is bound.
/// </remarks>
internal static class LoginRateLimit
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IHostApplicationBuilder AddLoginRateLimit(this IHostApplicationBuilder builder, RegionOptions region)
    {
        builder.AddSettings<LoginOptions>();
        builder.Services.AddGatewayForwardedHeaders();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Redis when the store is Redis (also in Dapr mode, where login still has the connection for the key ring):
        // one atomic increment. Otherwise the state store login uses (SQLite, or Dapr's state API).
        if (!region.Writes)
        {
            builder.Services.AddSingleton<ISignInAttemptCounter, MemoryAttemptCounter>();
        }
        else if (builder.TryAddPlatformRedis())
        {
            builder.Services.AddSingleton<ISignInAttemptCounter>(services => new RedisAttemptCounter(services.GetRequiredService<IConnectionMultiplexer>()));
        }
        else
        {
            builder.Services.AddSingleton<ISignInAttemptCounter, StoreAttemptCounter>();
        }

        return builder;
    }

    public static RouteHandlerBuilder RequireSignInLimit(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var services = http.RequestServices;
            var settings = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoginOptions>>().Value;
            var counter = services.GetRequiredService<ISignInAttemptCounter>();
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var username = context.Arguments.OfType<LoginRequest>().FirstOrDefault()?.Username?.Trim() ?? "";

            // Both partitions count every attempt, whichever refuses: a refused attempt is still an attempt.
            var byAddress = await counter.HitAsync($"address:{address}", Window, http.RequestAborted);
            var byAccount = await counter.HitAsync($"account:{AccountKey(username)}", Window, http.RequestAborted);
            var overAddress = byAddress.Count > settings.AttemptsPerMinute;
            var overAccount = byAccount.Count > settings.AccountLimit;
            if (!overAddress && !overAccount)
            {
                return await next(context);
            }

            var retryAfter = Max(overAddress ? byAddress.ResetsIn : TimeSpan.Zero, overAccount ? byAccount.ResetsIn : TimeSpan.Zero);
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            AuthLog.SignInLimited(services.GetRequiredService<ILogger<AuthLog>>(), overAccount ? "account" : "client address", seconds);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await http.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts",
                overAccount
                    ? $"Too many attempts to sign in to this account. Try again in {seconds} seconds."
                    : $"Too many sign-in attempts from your address. Try again in {seconds} seconds.");
            return Results.Empty;
        });

    // The account as a hash: counter keys then carry no user names and stay short whatever was typed.
    private static string AccountKey(string username) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(username.ToLowerInvariant())))[..32];

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
