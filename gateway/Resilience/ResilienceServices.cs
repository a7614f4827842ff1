using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Matrix;
using Platform.Settings;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Platform.Gateway.Resilience;

internal static class ResilienceServices
{
    /// <summary>The health check tag of the per-version checks.</summary>
    public const string VersionTag = "version";

    /// <summary>
    /// What keeps a dead instance from costing users anything: a connect timeout on the forwarder's client, the
    /// first-failure passive health policy, and one health check per version cluster. Call before AddVersionRouting:
    /// YARP adds its own client factory only if none is registered.
    /// </summary>
    public static ResilienceOptions AddGatewayResilience(this IHostApplicationBuilder builder, VersionMatrix matrix)
    {
        var settings = builder.AddSettings<ResilienceOptions>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory, InstanceHttpClientFactory>());
        builder.Services.AddSingleton<IPassiveHealthCheckPolicy, FirstFailurePassivePolicy>();
        var checks = builder.Services.AddHealthChecks();
        foreach (var version in matrix.AllVersions)
        {
            checks.Add(new HealthCheckRegistration($"{VersionTag}:{version.AppId}",
                services => new VersionInstancesHealthCheck(services.GetRequiredService<IProxyStateLookup>(), version), HealthStatus.Degraded, [VersionTag]));
        }

        return settings;
    }
}
