using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Login.Store;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Login.Regions;

/// <summary>
/// Login in a secondary region (<c>Region:Role=secondary</c>): it signs users in with the key ring and assignments
/// the primary wrote, creates no keys of its own, and answers admin writes with 503 naming the primary region.
/// </summary>
public sealed class SecondaryRegionTests : IAsyncLifetime
{
    private readonly string data = Directory.CreateTempSubdirectory("platform-region-").FullName;
    private string KeysPath => Path.Combine(data, "keys");

    public async Task InitializeAsync()
    {
        // The primary seeds the store and creates the key ring, as the primary region does before any secondary.
        await using var primary = Login(role: null);
        _ = primary.Server;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(data, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_secondary_signs_in_with_the_primarys_keys_and_creates_none()
    {
        var keysBefore = Directory.GetFiles(KeysPath).Order().ToList();
        await using var secondary = Login(role: "secondary");
        using var client = secondary.CreateClient();

        var response = await client.PostAsJsonAsync("/auth/login", new { username = "alice@acme.test", password = "Passw0rd!" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(keysBefore);
        Assert.Equal(keysBefore, Directory.GetFiles(KeysPath).Order().ToList());
    }

    [Fact]
    public async Task A_secondary_refuses_admin_writes_with_503_naming_the_primary_and_still_answers_reads()
    {
        await using var secondary = Login(role: "secondary");
        using var client = secondary.CreateClient();
        var signIn = await client.PostAsJsonAsync("/auth/login", new { username = "admin@platform.test", password = "Passw0rd!" });
        signIn.EnsureSuccessStatusCode();
        var cookie = signIn.Headers.GetValues("Set-Cookie").First().Split(';')[0];

        using var write = new HttpRequestMessage(HttpMethod.Put, "/admin/tenants/globex/ring") { Content = JsonContent.Create(new { ring = "early" }) };
        write.Headers.Add("Cookie", cookie);
        var refused = await client.SendAsync(write);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/admin/tenants");
        read.Headers.Add("Cookie", cookie);
        var answered = await client.SendAsync(read);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("eu-central-1", problem.GetProperty("primaryRegion").GetString());
        Assert.Contains("eu-central-1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public void A_secondary_without_its_primary_named_does_not_start()
    {
        using var secondary = Login(role: "secondary", primary: "");

        var e = Assert.ThrowsAny<Exception>(() => secondary.Server);

        Assert.Contains("Region:Primary", e.ToString(), StringComparison.Ordinal);
    }

    private WebApplicationFactory<SqliteStateStore> Login(string? role, string primary = "eu-central-1") =>
        TestLogin.OnEmbeddedStore(data, web =>
        {
            if (role is not null)
            {
                web.UseSetting("Region:Name", "us-east-1");
                web.UseSetting("Region:Role", role);
                web.UseSetting("Region:Primary", primary);
            }
        });
}
