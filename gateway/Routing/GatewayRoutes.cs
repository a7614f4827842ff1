using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Platform.Gateway.Transport;
using Platform.Matrix;
using Platform.Sessions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Platform.Gateway.Routing;

/// <summary>
/// The gateway's YARP configuration, derived from the version matrix: <c>/auth/**</c> and <c>/admin/**</c> to the
/// login service, <c>/api/{service}/**</c> to one cluster per deployed version, chosen per request by
/// <see cref="PinnedVersionMiddleware"/>.
/// </summary>
internal static class GatewayRoutes
{
    public const string ServiceMetadataKey = "platform.service";
    public const string LoginClusterId = "login";
    public const string SessionPolicy = "session";

    public static IReadOnlyList<RouteConfig> CreateRoutes(VersionMatrix matrix)
    {
        var routes = new List<RouteConfig>
        {
            new() { RouteId = "auth", ClusterId = LoginClusterId, Match = new RouteMatch { Path = "/auth/{**rest}" } },
            new() { RouteId = "admin", ClusterId = LoginClusterId, Match = new RouteMatch { Path = "/admin/{**rest}" } },
        };
        foreach (var service in matrix.Services.Values)
        {
            routes.Add(new RouteConfig
            {
                RouteId = $"api-{service.Name}",
                // Every request is reassigned to the session's version; this is only where YARP starts.
                ClusterId = service.Versions[service.DefaultVersion].AppId,
                Match = new RouteMatch { Path = $"/api/{service.Name}/{{**rest}}" },
                AuthorizationPolicy = SessionPolicy,
                Metadata = new Dictionary<string, string> { [ServiceMetadataKey] = service.Name },
            }.WithTransformPathRouteValues("/{**rest}"));
        }

        return routes;
    }

    public static IReadOnlyList<ClusterConfig> CreateClusters(VersionMatrix matrix, IVersionTransport transport) =>
    [
        new ClusterConfig
        {
            ClusterId = LoginClusterId,
            Destinations = new Dictionary<string, DestinationConfig> { ["login"] = new() { Address = "http://login" } },
        },
        .. matrix.AllVersions.Select(transport.CreateCluster),
    ];

    public static IHostApplicationBuilder AddVersionRouting(this IHostApplicationBuilder builder, VersionMatrix matrix)
    {
        var transport = CreateTransport(builder.Configuration);
        builder.Services.AddSingleton(transport);
        builder.Services.AddAuthorizationBuilder().AddPolicy(SessionPolicy, p => p.RequireAuthenticatedUser());
        builder.Services.AddReverseProxy()
            .LoadFromMemory(CreateRoutes(matrix), CreateClusters(matrix, transport))
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(context =>
            {
                // Identity headers are the gateway's word alone: whatever a client sent is dropped on every route.
                context.AddRequestHeaderRemove(CallerHeaders.User);
                context.AddRequestHeaderRemove(CallerHeaders.Tenant);
                if (context.Route.Metadata?.ContainsKey(ServiceMetadataKey) != true)
                {
                    return;
                }

                // Services never see the session cookie: what they need is in the caller headers.
                context.AddRequestHeaderRemove("Cookie");
                context.AddRequestTransform(transform =>
                {
                    var user = transform.HttpContext.User;
                    transform.ProxyRequest.Headers.Add(CallerHeaders.User, user.Identity!.Name);
                    transform.ProxyRequest.Headers.Add(CallerHeaders.Tenant, user.FindFirstValue(VersionTicket.TenantClaim));
                    return ValueTask.CompletedTask;
                });
                transport.AddTransforms(context);
            });
        return builder;
    }

    /// <summary>
    /// <c>Gateway:Transport</c> (the AppHost sets it): <c>direct</c> (the default) balances over the instances itself,
    /// <c>dapr</c> sends every service request through the local Dapr sidecar.
    /// </summary>
    public static IVersionTransport CreateTransport(IConfiguration configuration) =>
        (configuration["Gateway:Transport"] ?? "direct").ToLowerInvariant() switch
        {
            "direct" => new DirectTransport(),
            "dapr" => new DaprTransport(DaprTransport.SidecarAddress(configuration)),
            var other => throw new InvalidOperationException($"Gateway:Transport '{other}' is not known. Use 'direct' or 'dapr'."),
        };

    public static WebApplication MapVersionRouting(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<PinnedVersionMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });

        // Anything under /api that is not a service of the matrix.
        app.Map("/api/{**rest}", (string? rest) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            title: "Unknown service", detail: $"No service answers /api/{rest}. Services are reached at /api/{{service}}/..."));
        return app;
    }
}
