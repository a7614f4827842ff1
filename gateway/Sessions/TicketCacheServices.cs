using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Matrix;
using Platform.Gateway.Routing;
using Platform.Sessions;
using Platform.Sessions.Revocation;
using Platform.Settings;

namespace Platform.Gateway.Sessions;

internal static class TicketCacheServices
{
    /// <summary>
    /// Puts the <see cref="TicketCache"/> in front of the session cookie's unsealing (call after
    /// <c>AddPlatformSession</c>: it wraps the ticket format the cookie handler configured) and registers
    /// <see cref="ITicketCache"/> for whatever must empty it.
    /// </summary>
    public static IHostApplicationBuilder AddTicketCache(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddSettings<SessionCacheOptions>();
        builder.Services.AddSingleton<TicketCache>();
        builder.Services.AddSingleton<ITicketCache>(services => services.GetRequiredService<TicketCache>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Validation still rejects a revoked session taken from the cache; emptying it on every entry of the revocation
        // feed also frees what those sessions held. A re-pinned session's old cookie is dropped by SessionRepin.
        builder.Services.AddHostedService<ClearOnRevocation>();
        if (settings.Enabled)
        {
            // Runs after the cookie handler's own post-configuration, which creates the ticket format.
            builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, WrapTicketFormat>();
        }

        return builder;
    }

    /// <summary>
    /// The routing decision of a request: made once per cached session and service, else from the ticket (a session
    /// whose principal a validation event replaced, or the cache disabled).
    /// </summary>
    public static RoutingDecision DecideRoute(this HttpContext context, string service, VersionMatrix matrix) =>
        context.User is SessionPrincipal session
            ? session.Decide(service, matrix)
            : RoutingDecision.Decide(context.GetVersionTicket(), service, matrix);

    private sealed class ClearOnRevocation(RevocationSet revocations, ITicketCache cache) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            revocations.Applied += Clear;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            revocations.Applied -= Clear;
            return Task.CompletedTask;
        }

        private void Clear(RevocationEntry entry) => cache.Clear();
    }

    private sealed class WrapTicketFormat(TicketCache cache) : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options)
        {
            if (name == CookieAuthenticationDefaults.AuthenticationScheme && options.TicketDataFormat is not CachingTicketFormat)
            {
                options.TicketDataFormat = new CachingTicketFormat(options.TicketDataFormat, cache);
                options.CookieManager = new ConnectionCookieManager(options.CookieManager);
                // Last of the validation events (post-configuration runs after every Configure): a cached session they
                // all let through, unreplaced, is validated, and SessionAuthentication answers its next requests.
                var validate = options.Events.OnValidatePrincipal;
                options.Events.OnValidatePrincipal = async context =>
                {
                    await validate(context);
                    if (context.Principal is SessionPrincipal session && !context.ShouldRenew)
                    {
                        session.MarkValidated();
                    }
                };
            }
        }
    }
}
