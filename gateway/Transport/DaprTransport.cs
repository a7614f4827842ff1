using Microsoft.AspNetCore.Http.Features;
using Platform.Gateway.Routing;
using Platform.Matrix;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Platform.Gateway.Transport;

/// <summary>
/// Dapr service invocation: every version cluster has one destination, the gateway's own sidecar, and each request
/// carries <c>dapr-app-id: {service}-{version}</c> (Dapr's HTTP proxy invocation). The sidecar delivers it to an
/// instance of that app-id: Dapr's name resolution, not the gateway, picks and balances the instances.
/// </summary>
internal sealed class DaprTransport(Uri sidecar) : IVersionTransport
{
    /// <summary>The header that names the target app of a request sent to the sidecar.</summary>
    public const string AppIdHeader = "dapr-app-id";

    private const string SidecarDestination = "dapr-sidecar";

    public string Name => "dapr";

    public Uri Sidecar { get; } = sidecar;

    public ClusterConfig CreateCluster(DeployedVersion version) => new()
    {
        ClusterId = version.AppId,
        Destinations = new Dictionary<string, DestinationConfig>
        {
            [SidecarDestination] = new() { Address = Sidecar.ToString() },
        },
    };

    public void AddTransforms(TransformBuilderContext context)
    {
        // A client must not choose the app-id: drop any copy it sent, then name the pinned version's app-id. That is
        // read at request time: PinnedVersionMiddleware decides after the route matched.
        context.AddRequestHeaderRemove(AppIdHeader);
        context.AddRequestTransform(transform =>
        {
            var appId = transform.HttpContext.Features.GetRequiredFeature<RoutingDecision>().Version!.AppId;
            transform.ProxyRequest.Headers.Remove(AppIdHeader);
            transform.ProxyRequest.Headers.TryAddWithoutValidation(AppIdHeader, appId);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// The local sidecar's HTTP address, as the Dapr SDKs find it: <c>DAPR_HTTP_ENDPOINT</c>, else
    /// <c>http://127.0.0.1:{DAPR_HTTP_PORT}</c>, else Dapr's default port 3500.
    /// </summary>
    public static Uri SidecarAddress(IConfiguration configuration)
    {
        if (configuration["DAPR_HTTP_ENDPOINT"] is { Length: > 0 } endpoint)
        {
            return new Uri(endpoint);
        }

        var port = configuration["DAPR_HTTP_PORT"] is { Length: > 0 } text
            ? int.TryParse(text, out var parsed) && parsed is > 0 and < 65536
                ? parsed
                : throw new InvalidOperationException($"DAPR_HTTP_PORT '{text}' is not a port number.")
            : 3500;
        return new Uri($"http://127.0.0.1:{port}");
    }
}
