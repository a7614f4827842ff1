using Platform.Gateway.Routing;

namespace Platform.Gateway.Web;

/// <summary>
/// Browser hardening for everything the gateway answers (the app, its files, proxied API responses, errors): the app
/// runs only its own scripts and styles, cannot be framed (clickjacking), files are not content-sniffed, URLs are not
/// leaked to other sites as referrers, and outside Development browsers are told to use HTTPS only.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// For the web app: only files from the gateway's own origin, no inline script or style (the Angular build is
    /// configured to emit none; see web/angular.json, inlineCritical off), no eval, no plugins, no foreign form
    /// targets, no framing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// For API answers (<see cref="RouteTable.IsApiPath"/>), which scripts read and no browser should show as a page:
    /// nothing may load or run if one is opened as a document, and none can be framed (OWASP's REST Security Cheat
    /// Sheet). The app's policy says nothing more there, and would cost 200 bytes more on every API answer.
    /// </summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public const string ReferrerPolicy = "no-referrer";

    /// <summary>
    /// One year. Written by hand rather than with UseHsts: TLS ends at the load balancer, so the gateway sees plain
    /// HTTP and UseHsts would never send it; browsers ignore the header on plain HTTP, so sending it there is harmless.
    /// Without includeSubDomains: other hosts of the operator's domain are not ours to force onto HTTPS.
    /// </summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>First in the pipeline, so every response gets the headers, also one an exception handler rewrote.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // One callback each for the life of the app, with the request as its state: nothing is allocated per request for it.
        var hsts = !app.Environment.IsDevelopment();
        Func<object, Task> writeAppHeaders = new HardeningHeaders(ContentSecurityPolicy, hsts).Write;
        Func<object, Task> writeApiHeaders = new HardeningHeaders(ApiContentSecurityPolicy, hsts).Write;
        app.Use((context, next) =>
        {
            // OnStarting: set when the response is sent, after YARP copied a backend's headers and after an error
            // handler cleared the response, so nothing later removes them.
            context.Response.OnStarting(RouteTable.IsApiPath(context.Request.Path) ? writeApiHeaders : writeAppHeaders, context);
            return next(context);
        });
        return app;
    }

    private sealed class HardeningHeaders(string contentSecurityPolicy, bool hsts)
    {
        public Task Write(object state)
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.ContentSecurityPolicy = contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = ReferrerPolicy;
            if (hsts)
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            return Task.CompletedTask;
        }
    }
}
