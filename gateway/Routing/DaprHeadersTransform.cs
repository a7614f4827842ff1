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
            var headers = transform.ProxyRequest.Headers;
            foreach (var name in headers.Select(h => h.Key).Where(IsDaprHeader).ToList())
            {
                headers.Remove(name);
            }

            return ValueTask.CompletedTask;
        });

    public static bool IsDaprHeader(string name) => name.StartsWith(DaprTokens.HeaderPrefix, StringComparison.OrdinalIgnoreCase);
}
