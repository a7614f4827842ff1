using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Login.Store;

namespace Platform.Tests.TestSupport;

/// <summary>Login in process as the local stack runs it: Development, the embedded store in a folder of the test's, the demo seed.</summary>
internal static class TestLogin
{
    /// <summary>
    /// Login on the embedded store under <paramref name="data"/> (SQLite and key ring), with the sample matrix and the
    /// sign-in limit out of the way; <paramref name="configure"/> adds or overrides settings.
    /// </summary>
    public static WebApplicationFactory<SqliteStateStore> OnEmbeddedStore(string data, Action<IWebHostBuilder>? configure = null) =>
        new WebApplicationFactory<SqliteStateStore>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Store:Kind", "Embedded");
            web.UseSetting("Store:SqlitePath", Path.Combine(data, "platform.db"));
            web.UseSetting("Session:KeysPath", Path.Combine(data, "keys"));
            web.UseSetting("Store:SeedDemoData", "true");
            web.UseSetting("Login:AttemptsPerMinute", "10000");
            web.UseSampleMatrix();
            configure?.Invoke(web);
        });
}
