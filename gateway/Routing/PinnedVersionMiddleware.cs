using System.Diagnostics;
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
/// the session, or answers with a ProblemDetails so that the request reaches no service.
/// </summary>
internal sealed class PinnedVersionMiddleware(RequestDelegate next, IProxyStateLookup proxyState, VersionMatrix matrix, IVersionTransport transport, SessionRepin repin, ILogger<RoutingLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (route.Metadata?.GetValueOrDefault(RouteTable.ServiceMetadataKey) is not { } service)
        {
            await next(context);
            return;
        }

        var decision = context.DecideRoute(service, matrix);
        if (repin.IsDue(context, decision))
        {
            decision = await repin.RepinAsync(context, decision);
        }

        if (decision.Version is not { } version || !proxyState.TryGetCluster(version.AppId, out var cluster))
        {
            RoutingLog.RequestRefused(logger, service, decision.Status, decision.Title);
            await context.WriteProblemAsync(decision.Status, decision.Title!, decision.Detail!);
            return;
        }

        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(PlatformTelemetry.TenantTag, decision.Tenant);
            activity.SetTag(PlatformTelemetry.ServiceTag, service);
            activity.SetTag(PlatformTelemetry.VersionTag, version.Version);
            activity.SetTag(PlatformTelemetry.AppIdTag, version.AppId);
        }

        context.Features.Set(decision);
        context.ReassignProxyRequest(cluster);
        await next(context);

        if (context.Features.Get<IForwarderErrorFeature>() is { } failure)
        {
            RoutingLog.ForwardFailed(logger, version.AppId, transport.Name, failure.Error.ToString(), failure.Exception);
        }
    }
}
