using Platform.Matrix;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Platform.Gateway.Transport;

/// <summary>
/// How a request reaches the instances of one service version. The routing decision is the same whatever the
/// transport; only the cluster's destinations and one transform differ.
/// </summary>
internal interface IVersionTransport
{
    /// <summary>A short name for logs and the console, e.g. "direct".</summary>
    string Name { get; }

    /// <summary>The YARP cluster that serves <paramref name="version"/>; its id must be the version's app-id.</summary>
    ClusterConfig CreateCluster(DeployedVersion version);

    /// <summary>Adds what this transport needs to requests sent to a version cluster.</summary>
    void AddTransforms(TransformBuilderContext context);
}
