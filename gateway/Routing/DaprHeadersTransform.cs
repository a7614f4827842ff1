using System.Net.Http.Headers;
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
            // The names as they were copied, without parsing the values again (which the typed view would do on
            // every request to find what is almost never there); the struct enumerator allocates nothing.
            foreach (var header in transform.ProxyRequest.Headers.NonValidated)
            {
                if (IsDaprHeader(header.Key))
                {
                    RemoveDaprHeaders(transform.ProxyRequest.Headers);
                    break;
                }
            }

            return ValueTask.CompletedTask;
        });

    private static void RemoveDaprHeaders(HttpRequestHeaders headers)
    {
        foreach (var name in headers.NonValidated.Select(header => header.Key).Where(IsDaprHeader).ToList())
        {
            headers.Remove(name);
        }
    }

    public static bool IsDaprHeader(string name) => name.StartsWith(DaprTokens.HeaderPrefix, StringComparison.OrdinalIgnoreCase);
}
