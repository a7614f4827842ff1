using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Platform.Sessions.Revocation;
using Platform.Settings;

namespace Platform.Gateway.Sessions;

/// <summary>
/// The gateway's authentication: ASP.NET Core's authentication middleware, except for a session the cookie handler
/// has already validated. A cookie whose cached session passed the handler's checks and validation events once
/// (<see cref="SessionPrincipal.IsValidated"/>) authenticates the request from the <see cref="TicketCache"/>, after
/// the checks that can change between requests: the ticket's expiry and the cache entry's age (in
/// <see cref="TicketCache.TryGet"/>) and the revocation set. Everything else (no cookie, a cookie not seen before, a
/// session the handler refused or has not validated yet; every request when the cache is disabled or a remote sign-in
/// scheme is registered) goes through the authentication middleware as before, which is also what validates cached
/// sessions.
/// </summary>
/// <remarks>
/// The handler per request was the gateway's largest single cost after forwarding (README, Performance): a request
/// service scope, the handler and its results, the validation event. What it decided does not change while the cache
/// entry lives: the entry ends with the ticket's expiry, at <c>SessionCache:MaxAge</c>, on a re-pin, and on every
/// entry of the revocation feed (the whole cache is emptied), and the revocation set is checked here again anyway.
/// </remarks>
internal static class SessionAuthentication
{
    public static WebApplication UseSessionAuthentication(this WebApplication app)
    {
        // Taken instead of added, so it runs only when the cache cannot answer.
        var authentication = MiddlewareCapture.Take(app, builder => builder.UseAuthentication());
        // A remote sign-in scheme (OpenID Connect, say) answers its callback paths inside the authentication
        // middleware, which a request with a valid session would then skip: with one, the middleware runs always.
        var remoteSchemes = app.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetRequestHandlerSchemesAsync().GetAwaiter().GetResult();
        if (!app.Services.GetRequiredService<IOptions<SessionCacheOptions>>().Value.Enabled || remoteSchemes.Any())
        {
            app.Use(authentication);
            return app;
        }

        var sessions = ActivatorUtilities.CreateInstance<ValidatedSessions>(app.Services);
        app.Use(next =>
        {
            var authenticate = authentication(next);
            return context => sessions.TryAuthenticate(context) ? next(context) : authenticate(context);
        });
        return app;
    }

    private sealed class ValidatedSessions(TicketCache cache, RevocationSet revocations, IOptionsMonitor<CookieAuthenticationOptions> cookies)
    {
        private readonly CookieAuthenticationOptions options = cookies.Get(CookieAuthenticationDefaults.AuthenticationScheme);

        public bool TryAuthenticate(HttpContext context)
        {
            if (options.CookieManager.GetRequestCookie(context, options.Cookie.Name!) is not { } cookie
                || !cache.TryGet(cookie, out var ticket)
                || ticket.Principal is not SessionPrincipal { IsValidated: true } session
                || revocations.IsRevoked(session.SessionId, session.UserName, session.IssuedAt ?? ticket.Properties.IssuedUtc ?? DateTimeOffset.MinValue))
            {
                return false;
            }

            context.User = session;
            return true;
        }
    }
}
