using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Resilience;

/// <summary>
/// The attempt after which nothing else can be tried waits for its response headers as long as the cluster's activity
/// timeout allows (<c>Resilience:LastInstanceActivityTimeout</c>), not the short wait of a first attempt
/// (<see cref="FirstAttemptClient"/>). YARP takes the client from the cluster model in the request's proxy feature, so
/// that attempt gets a copy of the model with the patient client (same config, same connections), made once per
/// cluster model. A cluster without the short wait (the Dapr sidecar's, login's) keeps its own.
/// </summary>
internal sealed class LastAttemptClusters
{
    private readonly ConditionalWeakTable<ClusterModel, ClusterModel> patient = [];
    private readonly ConditionalWeakTable<ClusterModel, ClusterModel>.CreateValueCallback createPatient = Patient;

    public void Apply(HttpContext context, IReverseProxyFeature proxy)
    {
        var cluster = proxy.Cluster;
        if (cluster.HttpClient is FirstAttemptClient)
        {
            context.Features.Set<IReverseProxyFeature>(new LastAttemptFeature(proxy, patient.GetValue(cluster, createPatient)));
        }
    }

    private static ClusterModel Patient(ClusterModel cluster) => new(cluster.Config, ((FirstAttemptClient)cluster.HttpClient).Patient);

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
