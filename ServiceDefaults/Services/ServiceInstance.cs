using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Callers;
using Platform.Matrix;
using Platform.Settings;

namespace Platform.Services;

/// <summary>Which service, version and instance this process is; the AppHost sets <c>Service:*</c> for each instance.</summary>
public sealed record ServiceInstance(string Service, string Version, string Instance)
{
    public string AppId => DeployedVersion.AppIdOf(Service, Version);
}

public static class ServiceInstanceExtensions
{
    public static ServiceInstance AddServiceInstance(this IHostApplicationBuilder builder, string service, IReadOnlyCollection<string> implementedVersions)
    {
        var settings = builder.AddSettings<ServiceOptions>();
        var version = settings.Version
            ?? throw new InvalidOperationException($"Service:Version is not set; {service} implements {string.Join(", ", implementedVersions)}. The AppHost sets it for each instance.");
        if (!implementedVersions.Contains(version))
        {
            throw new InvalidOperationException($"{service} has no implementation of version '{version}'; it implements {string.Join(", ", implementedVersions)}.");
        }

        var instance = new ServiceInstance(service, version, settings.Instance ?? $"{DeployedVersion.AppIdOf(service, version)}-{Environment.ProcessId}");
        builder.Services.AddSingleton(instance);
        // Every instance answers only callers the gateway vouched for (RequireCaller / GetCaller).
        builder.AddCallerVerification();
        return instance;
    }

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
