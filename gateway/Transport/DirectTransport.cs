using Platform.Gateway.Resilience;
using Platform.Gateway.Telemetry;
using Platform.Matrix;
using Platform.Settings;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Platform.Gateway.Transport;

/// <summary>
/// The gateway balances over the version's instances itself: one destination per instance, resolved by service
/// discovery (<c>http://contacts-v2-1</c>, ...), round robin, and instances failing /health taken out of rotation.
/// An instance that fails a request leaves rotation at once (passive health) and comes back when its /health
/// answers again (active health) or its reactivation period ends; with none left in rotation, all are tried (see
/// <see cref="HealthCheckConfig.AvailableDestinationsPolicy"/> below).
/// </summary>
internal sealed class DirectTransport(ResilienceOptions resilience) : IVersionTransport
{
    public string Name => "direct";

    public ClusterConfig CreateCluster(DeployedVersion version) => new()
    {
        ClusterId = version.AppId,
        LoadBalancingPolicy = "RoundRobin",
        Destinations = version.InstanceNames.ToDictionary(name => name, name => new DestinationConfig { Address = $"http://{name}", Metadata = GatewayMetrics.InstanceMetadata(name) }),
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true, Interval = resilience.InstanceHealthCheckInterval, Timeout = resilience.InstanceHealthCheckInterval, Path = "/health",
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
            },
            Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = FirstFailurePassivePolicy.PolicyName, ReactivationPeriod = resilience.InstanceReactivationPeriod },
            // When every instance is out of rotation (a version's only instance had one slow request, or all just came
            // back), try them anyway: a dead one fails within the connect and activity timeouts and the request gets
            // the 503 ProblemDetails, while one that is back answers instead of being refused for the reactivation period.
            AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
        },
        // A first attempt that gets no response headers within InstanceActivityTimeout fails, so it can be retried on
        // another instance (FirstAttemptClient; the connect timeout is on the client too: InstanceHttpClientFactory).
        // Once the response has started, or when nothing else can be tried, silence ends a request only after this.
        Metadata = FirstAttemptClient.Metadata(resilience.InstanceActivityTimeout),
        HttpRequest = new ForwarderRequestConfig { ActivityTimeout = resilience.LastInstanceActivityTimeout },
    };

    public void AddTransforms(TransformBuilderContext context)
    {
    }
}
