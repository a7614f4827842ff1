using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Resilience;

/// <summary>
/// The activity timeout of a request's last attempt (<c>Resilience:LastInstanceActivityTimeout</c>). YARP takes the
/// timeout from the cluster model in the request's proxy feature, so the last attempt gets a copy of that model with a
/// longer one (same config otherwise, same HTTP client), made once per cluster model. The timeout is only ever raised:
/// a cluster without one (the Dapr sidecar's) or with a longer one keeps its own.
/// </summary>
internal sealed class LastAttemptClusters
{
    private readonly ConditionalWeakTable<ClusterModel, ClusterModel> patient = [];
    private readonly ConditionalWeakTable<ClusterModel, ClusterModel>.CreateValueCallback createPatient;
    private readonly TimeSpan activityTimeout;

    public LastAttemptClusters(TimeSpan activityTimeout)
    {
        this.activityTimeout = activityTimeout;
        createPatient = Patient;
    }

    public void Apply(HttpContext context, IReverseProxyFeature proxy)
    {
        var cluster = proxy.Cluster;
        if (cluster.Config.HttpRequest?.ActivityTimeout is { } current && current < activityTimeout)
        {
            context.Features.Set<IReverseProxyFeature>(new LastAttemptFeature(proxy, patient.GetValue(cluster, createPatient)));
        }
    }

    private ClusterModel Patient(ClusterModel cluster) => new(
        cluster.Config with { HttpRequest = (cluster.Config.HttpRequest ?? ForwarderRequestConfig.Empty) with { ActivityTimeout = activityTimeout } },
        cluster.HttpClient);

    /// <summary>The request's proxy feature, with the patient cluster model; destinations stay the request's own.</summary>
    private sealed class LastAttemptFeature(IReverseProxyFeature inner, ClusterModel cluster) : IReverseProxyFeature
    {
        public RouteModel Route => inner.Route;

        public ClusterModel Cluster => cluster;

        public IReadOnlyList<DestinationState> AllDestinations => inner.AllDestinations;

        public IReadOnlyList<DestinationState> AvailableDestinations
        {
            get => inner.AvailableDestinations;
            set => inner.AvailableDestinations = value;
        }

        public DestinationState? ProxiedDestination
        {
            get => inner.ProxiedDestination;
            set => inner.ProxiedDestination = value;
        }
    }
}
