using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Login.Assignments;
using Platform.Login.Store;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Login.Seeding;

/// <summary>
/// Demo accounts (published password) only reach stores that asked for them, and a store that has them never runs
/// outside Development.
/// </summary>
public sealed class DemoDataTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("platform-seed-").FullName;
    private readonly string certificate;

    public DemoDataTests() => certificate = TestCertificate.Create(data);

    public void Dispose() => Directory.Delete(data, recursive: true);

    [Fact]
    public async Task Development_without_SeedDemoData_writes_no_demo_account()
    {
        await using var login = Login("Development", seed: null);
        using var client = login.CreateClient();

        var signIn = await client.PostAsJsonAsync("/auth/login", new { username = "admin@platform.test", password = "Passw0rd!" });

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Null(await login.Services.GetRequiredService<AssignmentStore>().FindUserAsync("admin@platform.test"));
    }

    [Fact]
    public async Task Outside_Development_a_store_with_demo_passwords_stops_login_naming_the_accounts()
    {
        await using (var seeding = Login("Development", seed: "true"))
        {
            _ = seeding.Server;
        }

        await using var production = Login("Production", seed: "true");
        var e = Assert.ThrowsAny<Exception>(() => production.Server);

        var message = e.ToString();
        Assert.Contains("admin@platform.test", message, StringComparison.Ordinal);
        Assert.Contains("alice@acme.test", message, StringComparison.Ordinal);
        Assert.Contains("Delete these accounts", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Passw0rd!", message, StringComparison.Ordinal);
    }

    private WebApplicationFactory<SqliteStateStore> Login(string environment, string? seed) =>
        new WebApplicationFactory<SqliteStateStore>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            web.UseSetting("Store:Kind", "Embedded");
            web.UseSetting("Store:SqlitePath", Path.Combine(data, "platform.db"));
            web.UseSetting("Session:KeysPath", Path.Combine(data, "keys"));
            web.UseSetting("Session:CertificatePath", certificate);
            if (seed is not null)
            {
                web.UseSetting("Store:SeedDemoData", seed);
            }

            web.UseSampleMatrix();
        });
}
