using System.Diagnostics;
using Platform.Gateway.Drain;
using Platform.Gateway.Telemetry;
using Platform.Gateway.Transport;
using Platform.Matrix;
using Platform.Problems;
using Platform.Gateway.Sessions;
using Platform.Telemetry;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Routing;

/// <summary>
/// In the proxy pipeline, before load balancing: sends a service request to the cluster of the version sealed in
/// the session, or answers with a ProblemDetails so that the request reaches no service. Once the request is
/// through, it is counted and timed per version (<see cref="GatewayMetrics"/>) and, when an instance answered, marks
/// when its version last served someone (<see cref="VersionLastSeen"/>, for the drain view): here rather than in
/// middlewares of their own, since each would add an async frame to every request for two lines of work.
/// </summary>
internal sealed class PinnedVersionMiddleware(
    RequestDelegate next,
    IProxyStateLookup proxyState,
    VersionMatrix matrix,
    IVersionTransport transport,
    SessionRepin repin,
    GatewayMetrics metrics,
    VersionLastSeen lastSeen,
    TimeProvider clock,
    ILogger<RoutingLog> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (RouteTable.ServiceOf(proxy.Route.Config) is not { } service)
        {
            return next(context);
        }

        var decision = context.DecideRoute(service, matrix);
        return repin.IsDue(context, decision) ? RepinThenForwardAsync(context, proxy, decision) : ForwardAsync(context, proxy, decision);
    }

    private async Task RepinThenForwardAsync(HttpContext context, IReverseProxyFeature proxy, RoutingDecision decision) =>
        await ForwardAsync(context, proxy, await repin.RepinAsync(context, decision));

    // Not async itself: what an await keeps alive is allocated per request, so only the wait for the instance is.
    private Task ForwardAsync(HttpContext context, IReverseProxyFeature proxy, RoutingDecision decision)
    {
        if (decision.Version is not { } version || !proxyState.TryGetCluster(version.AppId, out var cluster))
        {
            RoutingLog.RequestRefused(logger, decision.Service, decision.Status, decision.Title);
            return context.WriteProblemAsync(decision.Status, decision.Title!, decision.Detail!);
        }

        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(PlatformTelemetry.TenantTag, decision.Tenant);
            activity.SetTag(PlatformTelemetry.ServiceTag, decision.Service);
            activity.SetTag(PlatformTelemetry.VersionTag, version.Version);
            activity.SetTag(PlatformTelemetry.AppIdTag, version.AppId);
        }

        context.Features.Set(decision);
        // The route starts at the service's default version, where most sessions are pinned: YARP's feature already
        // points there, and replacing it would only allocate its copy.
        if (proxy.Cluster != cluster.Model)
        {
            context.ReassignProxyRequest(cluster);
        }

        return ForwardToInstanceAsync(context, decision, version);
    }

    private async Task ForwardToInstanceAsync(HttpContext context, RoutingDecision decision, DeployedVersion version)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            metrics.Forwarded(decision, context.Response.StatusCode, start, context.GetReverseProxyFeature().ProxiedDestination);
        }

        // A request that reached no instance (the version is down) does not count as served.
        if (context.Features.Get<IForwarderErrorFeature>() is { } failure)
        {
            using var trace = UnsampledTrace.StartForLogs(context);
            RoutingLog.ForwardFailed(logger, version.AppId, transport.Name, failure.Error.ToString(), failure.Exception);
        }
        else
        {
            lastSeen.Seen(version.AppId, clock.GetUtcNow());
        }
    }
}
