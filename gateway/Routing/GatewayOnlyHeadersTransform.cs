using System.Collections.Frozen;
using System.Net.Http.Headers;
using Microsoft.Net.Http.Headers;
using Platform.Callers;
using Platform.Sidecars;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Platform.Gateway.Routing;

/// <summary>
/// Headers that are the gateway's word alone are dropped from what a client sent, on every route and in both
/// transports, before any transform adds the gateway's own: the caller headers (<see cref="CallerHeaders"/>: who the
/// caller is, the client's address, the gateway's proof) and every <c>dapr-*</c> header (<c>dapr-app-id</c>,
/// <c>dapr-api-token</c>, <c>dapr-caller-app-id</c>, ...). A client thus cannot pose as a caller or as the gateway,
/// pick an app-id, pass a token on, or pose as a Dapr caller. On the routes to services the session cookie goes too:
/// what a service needs of the session is in the caller token.
/// </summary>
/// <remarks>
/// One pass over the names (<see cref="ProxyRequestHeaders.RemoveWhere"/>) rather than one of YARP's remove transforms
/// per header, each of which looked its name up on every request.
/// </remarks>
internal static class GatewayOnlyHeadersTransform
{
    private static readonly FrozenSet<string> CallerHeaderNames = FrozenSet.ToFrozenSet(
        [CallerHeaders.User, CallerHeaders.Tenant, CallerHeaders.Token, CallerHeaders.ClientAddress, CallerHeaders.Gateway],
        StringComparer.OrdinalIgnoreCase);

    public static void Add(TransformBuilderContext context)
    {
        var toService = RouteTable.ServiceOf(context.Route) is not null;
        context.AddRequestTransform(transform =>
        {
            Drop(transform.ProxyRequest.Headers, toService);
            return ValueTask.CompletedTask;
        });
    }

    internal static void Drop(HttpRequestHeaders headers, bool toService)
    {
        ProxyRequestHeaders.RemoveWhere(headers, IsGatewayOnly);
        if (toService)
        {
            headers.Remove(HeaderNames.Cookie);
        }
    }

    public static bool IsGatewayOnly(string name) =>
        name.StartsWith(DaprTokens.HeaderPrefix, StringComparison.OrdinalIgnoreCase) || CallerHeaderNames.Contains(name);
}
