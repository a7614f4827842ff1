using Platform.Gateway.Telemetry;
using Platform.Matrix;
using Platform.Sidecars;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Platform.Gateway.Transport;

/// <summary>
/// Dapr service invocation: every version cluster has one destination, the gateway's own sidecar, at the invoke API of
/// the version's app-id: <c>/v1.0/invoke/{service}-{version}/method</c>, to which YARP appends the request's path.
/// The sidecar delivers the rest of the path (with query and body) to an instance of that app-id: Dapr's name
/// resolution, not the gateway, picks and balances the instances.
/// </summary>
/// <remarks>
/// Not Dapr's HTTP proxy form (<c>dapr-app-id</c> on the client's own path): daprd serves its own API paths first
/// (<c>/v1.0/metadata</c>, <c>/v1.0/shutdown</c>, <c>/v1.0/state/...</c>) even when the request names an app-id, so
/// <c>/api/contacts/v1.0/shutdown</c> would have reached the sidecar. Behind the invoke prefix every client path is
/// the method, handed to the app. The prefix holds against dot segments because the gateway's server (Kestrel)
/// removes them, decoded ones included, before routing.
/// </remarks>
internal sealed class DaprTransport(Uri sidecar, string? apiToken) : IVersionTransport
{
    private const string SidecarDestination = "dapr-sidecar";

    public string Name => "dapr";

    public Uri Sidecar { get; } = sidecar;

    /// <summary>Whether requests to the sidecar carry <c>dapr-api-token</c> (the sidecar has <c>DAPR_API_TOKEN</c>).</summary>
    public bool SendsApiToken => apiToken is not null;

    /// <summary>Where a request for <paramref name="appId"/> goes: the sidecar's invoke API for that app-id.</summary>
    public Uri InvokeAddress(string appId) => new(Sidecar, $"/v1.0/invoke/{Uri.EscapeDataString(appId)}/method");

    public ClusterConfig CreateCluster(DeployedVersion version) => new()
    {
        ClusterId = version.AppId,
        Destinations = new Dictionary<string, DestinationConfig>
        {
            // Dapr picks the instance: the gateway's metrics can only say the sidecar.
            [SidecarDestination] = new() { Address = InvokeAddress(version.AppId).ToString(), Metadata = GatewayMetrics.InstanceMetadata(SidecarDestination) },
        },
    };

    public void AddTransforms(TransformBuilderContext context)
    {
        // The sidecar's API wants its token; a client's copy was dropped with every other dapr-* header before this.
        if (apiToken is not null)
        {
            context.AddRequestHeader(DaprTokens.Header, apiToken, append: false);
        }
    }

    /// <summary>The gateway's sidecar token, from the environment the AppHost (or the Dapr injector) gives it.</summary>
    public static string? ApiToken(IConfiguration configuration) => DaprSidecar.ApiToken(configuration);

    /// <summary>The local sidecar's HTTP address (<see cref="DaprSidecar.HttpAddress"/>).</summary>
    public static Uri SidecarAddress(IConfiguration configuration) => DaprSidecar.HttpAddress(configuration);
}
