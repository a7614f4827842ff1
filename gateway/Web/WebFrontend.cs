using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Platform.Gateway.Routing;
using Platform.Problems;
using Platform.Settings;

namespace Platform.Gateway.Web;

/// <summary>
/// Serves the Angular production build (<c>Web:Root</c>, by default <c>../web/dist/web/browser</c>) from the gateway,
/// so the app and the API share one origin and the HttpOnly session cookie. App routes fall back to
/// <c>index.html</c>; unknown API paths get a real 404 instead.
/// </summary>
internal static class WebFrontend
{
    private const string IndexFile = "index.html";

    /// <summary>Seconds between reloads of the page shown while the front end is not built.</summary>
    private const int ReloadSeconds = 5;

    // A meta refresh, not a script: the served app's Content-Security-Policy allows no inline script, and the page
    // must reload by itself when the build the AppHost runs (npm ci, then ng build: a minute or two) completes.
    private static readonly string NotBuiltPage = $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="refresh" content="{{ReloadSeconds}}">
        <title>Building the web front end</title>
        </head>
        <body>
        <h1>The web front end is being built</h1>
        <p>The AppHost builds it on start (installing its packages first on the first run), which takes a minute or two.
        This page reloads every {{ReloadSeconds}} seconds and shows the app once it is ready.</p>
        <p>If it never appears, the AppHost's <code>web</code> resource log says why (Node 20 and npm are needed).
        The API works meanwhile: <code>POST /auth/login</code>, <code>GET /api/{service}/...</code>, <code>/admin/...</code>.</p>
        </body>
        </html>
        """;

    public static IHostApplicationBuilder AddWebFrontend(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<WebOptions>();
        return builder;
    }

    public static WebApplication MapWebFrontend(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<WebOptions>>().Value;
        var root = Path.GetFullPath(settings.Root ?? "../web/dist/web/browser", app.Environment.ContentRootPath);
        if (!File.Exists(Path.Combine(root, IndexFile)))
        {
            app.Logger.LogWarning("Web front end not built yet: no {Index} in {Root}. Build it with 'npm run build' in web/.", IndexFile, root);
        }

        // The AppHost builds the front end while the gateway starts, and `ng build` empties its output folder:
        // the folder may not exist yet, and the provider resolves files per request, so it picks up a later build.
        Directory.CreateDirectory(root);
        var files = new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            // index.html names the hashed bundles of one build: always revalidate it, so a new build shows at once.
            OnPrepareResponse = context =>
            {
                if (context.File.Name == IndexFile)
                {
                    context.Context.Response.Headers.CacheControl = "no-cache";
                }
            },
        };

        // Not for API requests: no file lives under the proxy's paths (they are the services' and login's), and looking
        // one up would cost each of them a file system call.
        app.UseWhen(context => !RouteTable.IsApiPath(context.Request.Path), web => web
            .UseDefaultFiles(new DefaultFilesOptions { FileProvider = files.FileProvider })
            .UseStaticFiles(files));
        // App routes get index.html. Before the front end is built (no Node on this machine, or the build still
        // running) a person opening the gateway learns why there is no page, instead of a bare 404.
        app.MapFallback(async context =>
        {
            // Only a browser navigating (GET, HEAD) gets the app; any other method on a path nothing serves is a 404
            // that says so, not a page (e.g. a POST whose path collapsed out of /api/...).
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                await context.WriteProblemAsync(StatusCodes.Status404NotFound, "Not found",
                    $"Nothing answers {context.Request.Method} {context.Request.Path}. Services are reached at /api/{{service}}/..., sign-in at /auth, the admin API at /admin.");
                return;
            }

            var index = files.FileProvider.GetFileInfo(IndexFile);
            if (!index.Exists)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers.RetryAfter = ReloadSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsync(NotBuiltPage);
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.SendFileAsync(index);
        });
        return app;
    }
}
