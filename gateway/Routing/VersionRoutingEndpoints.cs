using Platform.Gateway.Resilience;
using Platform.Problems;

namespace Platform.Gateway.Routing;

internal static class VersionRoutingEndpoints
{
    /// <summary>
    /// The proxy: the pinned version's cluster is chosen before load balancing, so affinity, balancing and passive
    /// health apply within that version only, and a failed idempotent request is retried within it. Anything else under <c>/api</c> is a 404 that says where services are.
    /// </summary>
    public static WebApplication MapVersionRouting(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<PinnedVersionMiddleware>();
            proxy.UseMiddleware<InstanceFailoverMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });

        app.Map($"{RouteTable.ServicesPath}/{{**rest}}", (HttpContext context, string? rest) => context.WriteProblemAsync(StatusCodes.Status404NotFound,
            "Unknown service", $"No service answers /api/{rest}. Services are reached at /api/{{service}}/..."));
        return app;
    }

    /// <summary>
    /// Status-code pages (ProblemDetails for an error answered without a body) for everything but the service routes,
    /// where they found nothing to do on every request, at the cost of an async frame, a feature and the request's
    /// <c>Items</c> dictionary (README, Performance): a service's own answers pass through as they are, and what the
    /// gateway answers there itself has a body (the routing decision's refusals, the failover's 503, and YARP's
    /// status for a client's fault, written by <see cref="InstanceFailoverMiddleware"/>).
    /// </summary>
    public static WebApplication UseStatusCodePagesOutsideServiceRoutes(this WebApplication app)
    {
        app.UseWhen(context => !RouteTable.IsServiceRoute(context.GetEndpoint()), pages => pages.UseStatusCodePages());
        return app;
    }
}
