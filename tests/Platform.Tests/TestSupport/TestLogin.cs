using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Login.Assignments;
using Platform.Login.Store;

namespace Platform.Tests.TestSupport;

/// <summary>Login in process on the embedded store, in a folder of the test's.</summary>
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

    /// <summary>
    /// Login as production runs it (no demo seed, the key ring encrypted with a certificate made under
    /// <paramref name="data"/>) on the embedded store; add users with <see cref="SaveUserAsync"/>.
    /// </summary>
    public static WebApplicationFactory<SqliteStateStore> InProduction(string data)
    {
        var certificate = TestCertificate.Create(data);
        return new WebApplicationFactory<SqliteStateStore>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.UseSetting("Store:Kind", "Embedded");
            web.UseSetting("Store:SqlitePath", Path.Combine(data, "platform.db"));
            web.UseSetting("Session:KeysPath", Path.Combine(data, "keys"));
            web.UseSetting("Session:CertificatePath", certificate);
            web.UseSampleMatrix();
        });
    }

    /// <summary>
    /// Starts <paramref name="login"/> on Kestrel, on a free loopback port (<c>UseKestrel(0)</c> fell back to
    /// localhost:5000, which two such tests running at once then both wanted), and returns its address.
    /// </summary>
    public static Uri StartOnKestrel(this WebApplicationFactory<SqliteStateStore> login)
    {
        login.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        login.StartServer();
        return new Uri(login.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Saves <paramref name="user"/> with <paramref name="password"/>, hashed as login hashes it.</summary>
    public static async Task SaveUserAsync(this WebApplicationFactory<SqliteStateStore> login, UserAccount user, string password)
    {
        var hasher = login.Services.GetRequiredService<IPasswordHasher<UserAccount>>();
        Assert.True(await login.Services.GetRequiredService<AssignmentStore>().TrySaveUserAsync(user with { PasswordHash = hasher.HashPassword(user, password) }));
    }
}
