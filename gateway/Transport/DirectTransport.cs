using Platform.Matrix;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Platform.Gateway.Transport;

/// <summary>
/// The gateway balances over the version's instances itself: one destination per instance, resolved by service
/// discovery (<c>http://contacts-v2-1</c>, ...), round robin, and instances failing /health taken out of rotation.
/// </summary>
internal sealed class DirectTransport : IVersionTransport
{
    public string Name => "direct";

    public ClusterConfig CreateCluster(DeployedVersion version) => new()
    {
        ClusterId = version.AppId,
        LoadBalancingPolicy = "RoundRobin",
        Destinations = version.InstanceNames.ToDictionary(name => name, name => new DestinationConfig { Address = $"http://{name}" }),
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig { Enabled = true, Interval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(5), Path = "/health", Policy = "ConsecutiveFailures" },
            Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromSeconds(30) },
        },
    };

    public void AddTransforms(TransformBuilderContext context)
    {
    }
}
