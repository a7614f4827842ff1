using Platform.Gateway.Transport;
using Platform.Matrix;
using Platform.Requests;
using Platform.Settings;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Platform.Gateway.Routing;

/// <summary>
/// The gateway's YARP routes and clusters, derived from the version matrix: <c>/auth/**</c> and <c>/admin/**</c> to
/// the login service, <c>/api/{service}/**</c> to one cluster per deployed version (id = the version's app-id),
/// chosen per request by <see cref="PinnedVersionMiddleware"/>.
/// </summary>
internal static class RouteTable
{
    private const string ServiceMetadataKey = "platform.service";

    /// <summary>Where the services are reached: <c>/api/{service}/**</c>.</summary>
    public const string ServicesPath = "/api";

    /// <summary>Login's sign-in API, proxied.</summary>
    public const string AuthPath = "/auth";

    /// <summary>Login's admin API, proxied.</summary>
    public const string AdminPath = "/admin";

    /// <summary>
    /// Whether <paramref name="path"/> is the proxy's (a service's or login's API) rather than the web app's: what
    /// is answered there is data for scripts, never a page.
    /// </summary>
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments(ServicesPath) || path.StartsWithSegments(AuthPath) || path.StartsWithSegments(AdminPath);

    /// <summary>The service <paramref name="route"/> leads to; null for the routes to login.</summary>
    public static string? ServiceOf(RouteConfig route) => route.Metadata?.GetValueOrDefault(ServiceMetadataKey);

    /// <summary>Whether <paramref name="endpoint"/> is the proxy's route to a service (not to login, not the gateway's own).</summary>
    public static bool IsServiceRoute(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<RouteModel>() is { } route && ServiceOf(route.Config) is not null;

    public static IReadOnlyList<RouteConfig> CreateRoutes(VersionMatrix matrix)
    {
        var routes = new List<RouteConfig>
        {
            // Login limits these bodies too; refusing here keeps an oversized body off the internal hop altogether.
            new() { RouteId = "auth", ClusterId = PlatformResources.Login, Match = new RouteMatch { Path = $"{AuthPath}/{{**rest}}" }, MaxRequestBodySize = BodySizeLimit.ApiBytes },
            new() { RouteId = "admin", ClusterId = PlatformResources.Login, Match = new RouteMatch { Path = $"{AdminPath}/{{**rest}}" }, MaxRequestBodySize = BodySizeLimit.ApiBytes },
        };
        foreach (var service in matrix.Services.Values)
        {
            routes.Add(new RouteConfig
            {
                RouteId = $"api-{service.Name}",
                // Every request is reassigned to the session's version; this is only where YARP starts.
                ClusterId = service.Versions[service.DefaultVersion].AppId,
                Match = new RouteMatch { Path = $"{ServicesPath}/{service.Name}/{{**rest}}" },
                // No authorization policy: PinnedVersionMiddleware refuses a request without a valid session itself
                // (401, or 403 without a tenant), so a policy would only evaluate the same thing again on every request.
                Metadata = new Dictionary<string, string> { [ServiceMetadataKey] = service.Name },
            }.WithTransformPathRemovePrefix($"{ServicesPath}/{service.Name}"));
        }

        return routes;
    }

    public static IReadOnlyList<ClusterConfig> CreateClusters(VersionMatrix matrix, IVersionTransport transport, TimeSpan loginActivityTimeout) =>
    [
        new ClusterConfig
        {
            ClusterId = PlatformResources.Login,
            Destinations = new Dictionary<string, DestinationConfig> { [PlatformResources.Login] = new() { Address = $"http://{PlatformResources.Login}" } },
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = loginActivityTimeout },
        },
        .. matrix.AllVersions.Select(transport.CreateCluster),
    ];
}
