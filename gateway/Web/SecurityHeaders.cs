namespace Platform.Gateway.Web;

/// <summary>
/// Browser hardening for everything the gateway answers (the app, its files, proxied API responses, errors): the app
/// runs only its own scripts and styles, cannot be framed (clickjacking), files are not content-sniffed, URLs are not
/// leaked to other sites as referrers, and outside Development browsers are told to use HTTPS only.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// Only files from the gateway's own origin: no inline script or style (the Angular build is configured to emit
    /// none; see web/angular.json, inlineCritical off), no eval, no plugins, no foreign form targets, no framing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

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
        // One callback for the life of the app, with the request as its state: nothing is allocated per request for it.
        Func<object, Task> writeHeaders = app.Environment.IsDevelopment() ? WriteHeaders : WriteHeadersWithHsts;
        app.Use((context, next) =>
        {
            // OnStarting: set when the response is sent, after YARP copied a backend's headers and after an error
            // handler cleared the response, so nothing later removes them.
            context.Response.OnStarting(writeHeaders, context);
            return next(context);
        });
        return app;
    }

    private static Task WriteHeaders(object state)
    {
        var headers = ((HttpContext)state).Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = ReferrerPolicy;
        return Task.CompletedTask;
    }

    private static Task WriteHeadersWithHsts(object state)
    {
        ((HttpContext)state).Response.Headers.StrictTransportSecurity = StrictTransportSecurity;
        return WriteHeaders(state);
    }
}
