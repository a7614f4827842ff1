using Microsoft.Extensions.Options;
using Platform.Gateway.Telemetry;
using Platform.Settings;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Resilience;

/// <summary>
/// Passive health that takes an instance out of rotation on its first failed request, for
/// <see cref="ResilienceOptions.InstanceReactivationPeriod"/>. YARP's built-in <c>TransportFailureRate</c> waits for a
/// failure rate over a window with a minimum number of requests, so a dead instance keeps getting (and failing)
/// requests for a while; with a few instances per version, one failure is reason enough.
/// </summary>
/// <remarks>
/// The cluster YARP hands a policy is the route's cluster, but <c>PinnedVersionMiddleware</c> reassigns each request
/// to the session's version cluster: the destination's cluster is looked up from the request's proxy feature, so the
/// right cluster's available destinations are recomputed. YARP's config validator takes every passive policy while the proxy state is being built, so the proxy state and
/// the health updater are resolved on first use, not in the constructor (that would be a dependency cycle).
/// </remarks>
internal sealed class FirstFailurePassivePolicy(IServiceProvider services, IOptions<ResilienceOptions> options, ILogger<ResilienceLog> logger)
    : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "FirstFailure";

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure || !IsInstanceFailure(failure.Error))
        {
            return;
        }

        var clusterId = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        var actual = services.GetRequiredService<IProxyStateLookup>().TryGetCluster(clusterId, out var reassigned) ? reassigned : cluster;
        var period = options.Value.InstanceReactivationPeriod;
        services.GetRequiredService<IDestinationHealthUpdater>().SetPassive(actual, destination, DestinationHealth.Unhealthy, period);
        using var trace = UnsampledTrace.StartForLogs(context);
        ResilienceLog.InstanceOutOfRotation(logger, clusterId, destination.DestinationId, failure.Error.ToString(), period);
    }

    /// <summary>Failures that say the instance could not take or answer the request, not that the client went away.</summary>
    public static bool IsInstanceFailure(ForwarderError error) => error is ForwarderError.Request or ForwarderError.RequestTimedOut
        or ForwarderError.ResponseBodyDestination or ForwarderError.RequestBodyDestination;
}
