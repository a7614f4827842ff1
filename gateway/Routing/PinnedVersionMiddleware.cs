using System.Diagnostics;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Routing;

/// <summary>
/// In the proxy pipeline, before load balancing: sends a service request to the cluster of the version sealed in
/// the session, or answers with a ProblemDetails so that the request reaches no service.
/// </summary>
internal sealed class PinnedVersionMiddleware(RequestDelegate next, IProxyStateLookup proxyState, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (route.Metadata?.GetValueOrDefault(GatewayRoutes.ServiceMetadataKey) is not { } service)
        {
            await next(context);
            return;
        }

        var decision = RoutingDecision.Decide(context.User, service, clusterId => proxyState.TryGetCluster(clusterId, out _));
        if (!decision.IsForward || !proxyState.TryGetCluster(decision.ClusterId!, out var cluster))
        {
            context.Response.StatusCode = decision.Status;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = decision.Status, Title = decision.Title, Detail = decision.Detail },
            });
            return;
        }

        if (Activity.Current is { } activity)
        {
            activity.SetTag(PlatformTelemetry.TenantTag, decision.Tenant);
            activity.SetTag(PlatformTelemetry.ServiceTag, service);
            activity.SetTag(PlatformTelemetry.VersionTag, decision.Version);
            activity.SetTag(PlatformTelemetry.AppIdTag, decision.ClusterId);
        }

        context.ReassignProxyRequest(cluster);
        await next(context);
    }
}
