using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Platform.Problems;

namespace Platform.Callers;

/// <summary>Who called a service, as the gateway said in <see cref="CallerHeaders"/>.</summary>
public sealed record Caller(string Tenant, string? User);

public static class CallerExtensions
{
    /// <summary>The caller, or null when the request did not come through the gateway.</summary>
    public static Caller? GetCaller(this HttpContext context)
    {
        var tenant = context.Request.Headers[CallerHeaders.Tenant].ToString();
        return tenant.Length == 0 ? null : new Caller(tenant, context.Request.Headers[CallerHeaders.User].ToString() is { Length: > 0 } user ? user : null);
    }

    /// <summary>Rejects requests that carry no caller: services are only reached through the gateway.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            if (context.HttpContext.GetCaller() is not null)
            {
                return await next(context);
            }

            await context.HttpContext.WriteProblemAsync(StatusCodes.Status401Unauthorized, "No caller",
                $"The request carries no {CallerHeaders.Tenant} header. Call services through the gateway.");
            return Results.Empty;
        });
}
