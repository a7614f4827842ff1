using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Sessions;

namespace Microsoft.Extensions.Hosting;

/// <summary>Which service, version and instance this process is; the AppHost sets <c>Service:*</c> for each instance.</summary>
public sealed record ServiceInstance(string Service, string Version, string Instance)
{
    public string AppId => $"{Service}-{Version}";
}

/// <summary>Who called, as the gateway said in <see cref="CallerHeaders"/>.</summary>
public sealed record Caller(string Tenant, string? User);

public static class ServiceInstanceExtensions
{
    public static ServiceInstance AddServiceInstance(this IHostApplicationBuilder builder, string service, IReadOnlyCollection<string> implementedVersions)
    {
        var version = builder.Configuration["Service:Version"]
            ?? throw new InvalidOperationException($"Service:Version is not set; {service} implements {string.Join(", ", implementedVersions)}. The AppHost sets it for each instance.");
        if (!implementedVersions.Contains(version))
        {
            throw new InvalidOperationException($"{service} has no implementation of version '{version}'; it implements {string.Join(", ", implementedVersions)}.");
        }

        var instance = new ServiceInstance(service, version, builder.Configuration["Service:Instance"] ?? $"{service}-{version}-{Environment.ProcessId}");
        builder.Services.AddSingleton(instance);
        return instance;
    }

    /// <summary>The caller's tenant, or null when the request did not come through the gateway.</summary>
    public static Caller? GetCaller(this HttpContext context)
    {
        var tenant = context.Request.Headers[CallerHeaders.Tenant].ToString();
        return tenant.Length == 0 ? null : new Caller(tenant, context.Request.Headers[CallerHeaders.User].ToString() is { Length: > 0 } user ? user : null);
    }

    /// <summary>Rejects requests that carry no caller: services are only reached through the gateway.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetCaller() is null
                ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "No caller",
                    detail: $"The request carries no {CallerHeaders.Tenant} header. Call services through the gateway.")
                : await next(context));

    /// <summary><c>GET /info</c>: which service, version and instance answered, and for which tenant.</summary>
    public static RouteHandlerBuilder MapServiceInfo(this WebApplication app) =>
        app.MapGet("/info", (HttpContext context, ServiceInstance instance) => TypedResults.Ok(new ServiceInfo(
                instance.Service, instance.Version, instance.Instance, context.GetCaller()!.Tenant)))
            .RequireCaller()
            .WithName("GetServiceInfo");
}

public sealed record ServiceInfo(string Service, string Version, string Instance, string Tenant);

/// <summary>Which instance answered; part of every service response so the front end can show it.</summary>
public sealed record ServedBy(string Service, string Version, string Instance)
{
    public static ServedBy From(ServiceInstance instance) => new(instance.Service, instance.Version, instance.Instance);
}
