using Microsoft.AspNetCore.Http.Features;
using Platform.Callers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Platform.Gateway.Routing;

/// <summary>
/// The gateway's word on who is calling, put on after <see cref="GatewayOnlyHeadersTransform"/> dropped any copy a
/// client sent. Requests to a service version carry the caller of the routing decision, sealed
/// (<see cref="CallerHeaders.Token"/>), in place of the session cookie; requests to login carry the client's address,
/// sealed, beside the <c>X-Forwarded-For</c> YARP sets (it replaces any client-sent copy), so login can tell one
/// client from another.
/// </summary>
internal static class CallerHeadersTransform
{
    public static void Add(TransformBuilderContext context)
    {
        // Resolved once per route: from the request's services it would open a DI scope for every request.
        var tokens = context.Services.GetRequiredService<GatewayTokens>();
        if (RouteTable.ServiceOf(context.Route) is null)
        {
            context.AddRequestTransform(transform =>
            {
                if (transform.HttpContext.Connection.RemoteIpAddress is { } address)
                {
                    transform.ProxyRequest.Headers.Add(CallerHeaders.ClientAddress, tokens.ForClientAddress(address));
                }

                return ValueTask.CompletedTask;
            });
            return;
        }

        context.AddRequestTransform(transform =>
        {
            // PinnedVersionMiddleware let the request through only with a forward decision (which has a tenant).
            var decision = transform.HttpContext.Features.GetRequiredFeature<RoutingDecision>();
            // Without HttpHeaders' validation (a parse and an allocation per header, on every request), as YARP copies
            // headers: there is nothing to find. The names come from a session only login seals, and login admits
            // letters, digits and . _ % + @ - only (login/Validation/PlatformNames.cs); the token is base64url.
            var headers = transform.ProxyRequest.Headers;
            headers.TryAddWithoutValidation(CallerHeaders.User, decision.User);
            headers.TryAddWithoutValidation(CallerHeaders.Tenant, decision.Tenant);
            headers.TryAddWithoutValidation(CallerHeaders.Token, tokens.ForCaller(decision.Caller!));
            return ValueTask.CompletedTask;
        });
    }
}
