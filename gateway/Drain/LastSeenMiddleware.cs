using Platform.Gateway.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace Platform.Gateway.Drain;

/// <summary>
/// In the proxy pipeline right after the routing decision: a forwarded request that an instance answered counts as
/// having reached its version. A request that reached no instance (the version is down) does not, so the drain
/// view's "last request" is when the version last served someone.
/// </summary>
internal sealed class LastSeenMiddleware(RequestDelegate next, VersionLastSeen lastSeen, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Features.Get<RoutingDecision>() is { Version: { } version } && context.Features.Get<IForwarderErrorFeature>() is null)
        {
            lastSeen.Seen(version.AppId, clock.GetUtcNow());
        }
    }
}
