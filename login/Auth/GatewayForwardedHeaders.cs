using Microsoft.AspNetCore.HttpOverrides;
using Platform.Callers;

namespace Platform.Login.Auth;

/// <summary>
/// The client's address, as the gateway saw it. ASP.NET Core's forwarded headers middleware applies
/// <c>X-Forwarded-For</c>, but only on requests that also carry the gateway's sealed copy of that address
/// (<see cref="CallerHeaders.ClientAddress"/>) and the two agree. Network position proves nothing here (locally every
/// process is on loopback, in a cluster every pod shares the pod network); the sealed token only the gateway makes.
/// Anything else keeps its connecting address, so a header sent straight to login changes nothing.
/// </summary>
internal static class GatewayForwardedHeaders
{
    public static IServiceCollection AddGatewayForwardedHeaders(this IServiceCollection services)
    {
        services.AddGatewayTokens();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            // The gateway sets exactly one address (YARP replaces a client-sent X-Forwarded-For).
            options.ForwardLimit = 1;
            // Trust comes from the sealed token checked below, not from the connecting address: with no known
            // proxies or networks listed, the middleware applies the header from whichever address the request came.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
        });
        return services;
    }

    public static IApplicationBuilder UseGatewayForwardedHeaders(this IApplicationBuilder app) =>
        app.UseWhen(IsVouchedForByTheGateway, vouched => vouched.UseForwardedHeaders());

    private static bool IsVouchedForByTheGateway(HttpContext context)
    {
        var token = context.Request.Headers[CallerHeaders.ClientAddress].ToString();
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        if (token.Length == 0 || forwarded.Length == 0)
        {
            return false;
        }

        var sealedAddress = context.RequestServices.GetRequiredService<GatewayTokens>().ReadClientAddress(token);
        return sealedAddress is not null && System.Net.IPAddress.TryParse(forwarded.Trim(), out var claimed) && claimed.Equals(sealedAddress);
    }
}
