using Microsoft.AspNetCore.Hosting;
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

    /// <summary>Saves <paramref name="user"/> with <paramref name="password"/>, hashed as login hashes it.</summary>
    public static async Task SaveUserAsync(this WebApplicationFactory<SqliteStateStore> login, UserAccount user, string password)
    {
        var hasher = login.Services.GetRequiredService<IPasswordHasher<UserAccount>>();
        Assert.True(await login.Services.GetRequiredService<AssignmentStore>().TrySaveUserAsync(user with { PasswordHash = hasher.HashPassword(user, password) }));
    }
}
