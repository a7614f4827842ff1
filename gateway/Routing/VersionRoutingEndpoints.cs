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

        app.Map("/api/{**rest}", (HttpContext context, string? rest) => context.WriteProblemAsync(StatusCodes.Status404NotFound,
            "Unknown service", $"No service answers /api/{rest}. Services are reached at /api/{{service}}/..."));
        return app;
    }
}
