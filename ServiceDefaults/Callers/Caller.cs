using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Problems;

namespace Platform.Callers;

/// <summary>Who called a service, as the gateway vouched for it in <see cref="CallerHeaders.Token"/>.</summary>
public sealed record Caller(string Tenant, string? User);

public static class CallerExtensions
{
    /// <summary>
    /// The caller the gateway sealed into this request, or null when there is none that verifies (no token, forged,
    /// expired). Plain <c>X-Platform-Tenant</c> headers count for nothing: anyone who reaches the service can send them.
    /// Read once per request.
    /// </summary>
    public static Caller? GetCaller(this HttpContext context)
    {
        if (context.Features.Get<VerifiedCaller>() is { } verified)
        {
            return verified.Caller;
        }

        var tokens = context.RequestServices.GetService<GatewayTokens>()
            ?? throw new InvalidOperationException("Callers are not verified in this process: call builder.AddCallerVerification().");
        var caller = tokens.ReadCaller(context.Request.Headers[CallerHeaders.Token].ToString());
        context.Features.Set(new VerifiedCaller(caller));
        return caller;
    }

    /// <summary>Rejects requests without a caller the gateway vouched for: services are only reached through the gateway.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.GetCaller() is not null)
            {
                return await next(context);
            }

            CallerLog.CallerRefused(http.RequestServices.GetRequiredService<ILogger<CallerLog>>(), http.Request.Path,
                http.Request.Headers.ContainsKey(CallerHeaders.Token) ? "the caller token does not verify or has expired" : "no caller token");
            await http.WriteProblemAsync(StatusCodes.Status401Unauthorized, "No caller",
                $"The request carries no valid {CallerHeaders.Token} token. Call services through the gateway.");
            return Results.Empty;
        });

    private sealed record VerifiedCaller(Caller? Caller);
}
