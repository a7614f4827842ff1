using Microsoft.AspNetCore.Hosting;

namespace Platform.Tests.TestSupport;

internal static class InstanceWaits
{
    /// <summary>
    /// Gives a gateway's instances <paramref name="wait"/> to connect and to start answering a first attempt (300 ms
    /// and 500 ms in production). The test suites run side by side, and a loaded machine can hold a live instance up
    /// for longer than either: its request was then tried on another instance, or answered 503 (CI saw both), though
    /// no instance was dead. For fixtures whose dead instances accept connections, so none needs the short waits.
    /// </summary>
    public static IWebHostBuilder UseUnhurriedInstances(this IWebHostBuilder web, TimeSpan wait)
    {
        var value = wait.ToString("c");
        web.UseSetting("Resilience:InstanceConnectTimeout", value);
        web.UseSetting("Resilience:InstanceActivityTimeout", value);
        return web;
    }
}
