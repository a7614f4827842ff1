using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Sessions;

/// <summary>
/// ASP.NET Core's authorization middleware, for the endpoints that ask for authorization. The service routes carry no
/// policy (<see cref="Routing.PinnedVersionMiddleware"/> refuses a request without a session itself), so for them the
/// middleware only ever found nothing to check, at the cost of an async frame and the request's <c>Items</c>
/// dictionary on every request (README, Performance). An endpoint with authorization metadata (<c>[Authorize]</c>,
/// <c>RequireAuthorization</c>, a YARP route's <c>AuthorizationPolicy</c>) goes through it as before; with a fallback
/// policy, or a policy provider other than the default one (either may apply a policy to endpoints without metadata),
/// every request does.
/// </summary>
internal static class EndpointAuthorization
{
    public static WebApplication UseEndpointAuthorization(this WebApplication app)
    {
        var authorization = MiddlewareCapture.Take(app, builder => builder.UseAuthorization());
        if (MayApplyToEveryEndpoint(app.Services))
        {
            app.Use(authorization);
            return app;
        }

        app.Use(next =>
        {
            var authorize = authorization(next);
            return context => AsksForAuthorization(context.GetEndpoint()) ? authorize(context) : next(context);
        });
        return app;
    }

    public static bool AsksForAuthorization(Endpoint? endpoint) =>
        endpoint?.Metadata is { } metadata
        && (metadata.GetMetadata<IAuthorizeData>() is not null
            || metadata.GetMetadata<AuthorizationPolicy>() is not null
            || metadata.GetMetadata<IAuthorizationRequirementData>() is not null);

    private static bool MayApplyToEveryEndpoint(IServiceProvider services) =>
        services.GetRequiredService<IAuthorizationPolicyProvider>() is not DefaultAuthorizationPolicyProvider
        || services.GetRequiredService<IOptions<AuthorizationOptions>>().Value.FallbackPolicy is not null;
}
