using Platform.Sidecars;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Platform.Gateway.Routing;

/// <summary>
/// Dapr's headers are the gateway's word alone: every <c>dapr-*</c> header a client sent (<c>dapr-app-id</c>,
/// <c>dapr-api-token</c>, <c>dapr-caller-app-id</c>, ...) is dropped on every route, in both modes, before any
/// transform adds the gateway's own. A client thus cannot pick an app-id, pass a token on, or pose as a caller.
/// </summary>
internal static class DaprHeadersTransform
{
    public static void Add(TransformBuilderContext context) =>
        context.AddRequestTransform(transform =>
        {
            // The client's headers are looked at, not the proxy request's: enumerating those would parse every value
            // again, on every request, to find what is almost never there.
            foreach (var header in transform.HttpContext.Request.Headers)
            {
                if (IsDaprHeader(header.Key))
                {
                    transform.ProxyRequest.Headers.Remove(header.Key);
                }
            }

            return ValueTask.CompletedTask;
        });

    public static bool IsDaprHeader(string name) => name.StartsWith(DaprTokens.HeaderPrefix, StringComparison.OrdinalIgnoreCase);
}
