using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Matrix;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Resilience;

/// <summary>
/// One check per deployed version, read from YARP's own destination health (active /health probes and passive
/// failures): a version whose every instance is out of rotation makes the gateway's /health say so by name. Degraded,
/// not Unhealthy: the gateway still serves every other version, so it must not be restarted or taken out itself.
/// </summary>
internal sealed class VersionInstancesHealthCheck(IProxyStateLookup proxyState, DeployedVersion version) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxyState.TryGetCluster(version.AppId, out var cluster))
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{version.Service} {version.Version}: no cluster {version.AppId} in the proxy."));
        }

        var all = cluster.Destinations.Values.ToList();
        var inRotation = all.Count(d => d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy);
        var description = $"{version.Service} {version.Version}: {inRotation} of {all.Count} instances in rotation.";
        return Task.FromResult(inRotation > 0
            ? HealthCheckResult.Healthy(description)
            : HealthCheckResult.Degraded($"{version.Service} {version.Version} has no healthy instance ({all.Count} deployed, all out of rotation)."));
    }
}
