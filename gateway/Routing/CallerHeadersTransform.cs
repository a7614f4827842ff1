using Microsoft.AspNetCore.Http.Features;
using Platform.Callers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Platform.Gateway.Routing;

/// <summary>
/// Identity headers are the gateway's word alone: whatever a client sent is dropped on every route, and requests to
/// a service version carry the caller of the routing decision instead of the session cookie.
/// </summary>
internal static class CallerHeadersTransform
{
    public static void Add(TransformBuilderContext context)
    {
        context.AddRequestHeaderRemove(CallerHeaders.User);
        context.AddRequestHeaderRemove(CallerHeaders.Tenant);
        if (context.Route.Metadata?.ContainsKey(RouteTable.ServiceMetadataKey) != true)
        {
            return;
        }

        // Services never see the session cookie: what they need is in the caller headers.
        context.AddRequestHeaderRemove("Cookie");
        context.AddRequestTransform(transform =>
        {
            // PinnedVersionMiddleware let the request through only with a forward decision.
            var decision = transform.HttpContext.Features.GetRequiredFeature<RoutingDecision>();
            transform.ProxyRequest.Headers.Add(CallerHeaders.User, decision.User);
            transform.ProxyRequest.Headers.Add(CallerHeaders.Tenant, decision.Tenant);
            return ValueTask.CompletedTask;
        });
    }
}
