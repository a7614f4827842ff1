using Platform.Settings;

namespace Platform.AppHost.Web;

/// <summary>
/// The Angular front end in <c>web/</c>: the executable resource <c>web</c> builds it (installing node_modules first
/// when missing) and the gateway serves the output. The gateway does not wait for it: the API works without it.
/// <c>Web:Enabled=false</c> leaves it out (the API tests do). <c>Web:Watch=true</c> keeps rebuilding on changes
/// (development build) instead of one production build.
/// </summary>
internal static class WebFrontend
{
    public static IResourceBuilder<ProjectResource> WithWebFrontend(this IResourceBuilder<ProjectResource> gateway)
    {
        var builder = gateway.ApplicationBuilder;
        var settings = builder.Settings<WebOptions>();
        if (!settings.Enabled)
        {
            return gateway;
        }

        var webDirectory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "web"));
        if (ExecutableSearch.FindOnPath("npm") is null || ExecutableSearch.FindOnPath("node") is null)
        {
            Console.WriteLine("Web front end skipped: npm was not found on PATH. Install Node 20 + npm to get the UI; the API runs without it.");
            return gateway;
        }

        string[] args = settings.Watch ? ["scripts/build-for-apphost.mjs", "--watch"] : ["scripts/build-for-apphost.mjs"];
        builder.AddExecutable("web", "node", webDirectory, args);
        return gateway.WithSetting<WebOptions>(nameof(WebOptions.Root), Path.Combine(webDirectory, "dist", "web", "browser"));
    }
}
