using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Login.Store;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Login.Admin;

/// <summary>
/// Login refuses names that could not be store keys, oversized bodies and blind or stale admin writes with a
/// ProblemDetails: 400, 413, 428 and 412, never a 500.
/// </summary>
public sealed class InputLimitsTests : IAsyncLifetime
{
    private readonly string data = Directory.CreateTempSubdirectory("platform-limits-").FullName;
    private WebApplicationFactory<SqliteStateStore> login = null!;

    public Task InitializeAsync()
    {
        login = TestLogin.OnEmbeddedStore(data);
        // Kestrel, not the test server: the body size limit is a server feature the test server does not have.
        login.StartOnKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await login.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Theory]
    [InlineData("/admin/tenants/ac%7C%7Cme/ring")]
    [InlineData("/admin/tenants/acme%20x/ring")]
    [InlineData("/admin/tenants/-acme/ring")]
    public async Task Tenant_names_that_are_no_names_are_a_validation_problem(string path)
    {
        using var admin = await SignInAsync();

        var response = await Put(admin, path, """{"ring":"early"}""", "1");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, expectErrors: true);
    }

    [Fact]
    public async Task A_name_longer_than_63_characters_is_a_validation_problem()
    {
        using var admin = await SignInAsync();

        var response = await Put(admin, $"/admin/rings/{new string('r', 64)}/versions/contacts", """{"version":"v1"}""", "1");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, expectErrors: true);
    }

    [Theory]
    [InlineData("""{"ring":"early||x"}""")]
    [InlineData("""{"ring":"ear ly"}""")]
    public async Task Names_in_bodies_are_validated_too(string body)
    {
        using var admin = await SignInAsync();

        var response = await Put(admin, "/admin/tenants/acme/ring", body, await ETagOfAsync(admin, "acme"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, expectErrors: true);
    }

    [Theory]
    [InlineData("alice||x@acme.test")]
    [InlineData("alice\r\n@acme.test")]
    public async Task Sign_in_with_a_user_name_that_is_no_name_is_a_validation_problem(string username)
    {
        using var client = login.CreateClient();

        var response = await client.PostAsJsonAsync("/auth/login", new { username, password = "Passw0rd!" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, expectErrors: true);
    }

    [Theory]
    [InlineData("/auth/login", "POST")]
    [InlineData("/admin/tenants/acme/ring", "PUT")]
    public async Task Oversized_bodies_are_413(string path, string method)
    {
        using var admin = await SignInAsync();
        var body = $$"""{"username":"{{new string('a', 40_000)}}","ring":"early"}""";
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        var response = await admin.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, expectErrors: false);
    }

    [Fact]
    public async Task An_admin_write_without_If_Match_is_428_and_changes_nothing()
    {
        using var admin = await SignInAsync();
        var before = await ETagOfAsync(admin, "globex");

        var response = await admin.PutAsJsonAsync("/admin/tenants/globex/ring", new { ring = "early" });

        var problem = await AssertProblemAsync(response, (HttpStatusCode)428, expectErrors: false);
        Assert.Contains("If-Match", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await ETagOfAsync(admin, "globex"));
    }

    [Fact]
    public async Task An_admin_write_with_a_stale_If_Match_is_412()
    {
        using var admin = await SignInAsync();
        var stale = await ETagOfAsync(admin, "globex");
        Assert.Equal(HttpStatusCode.OK, (await Put(admin, "/admin/tenants/globex/ring", """{"ring":"stable"}""", stale)).StatusCode);

        var response = await Put(admin, "/admin/tenants/globex/ring", """{"ring":"early"}""", stale);

        var problem = await AssertProblemAsync(response, HttpStatusCode.PreconditionFailed, expectErrors: false);
        Assert.Contains("Reload", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> SignInAsync()
    {
        var client = login.CreateClient();
        var response = await client.PostAsJsonAsync("/auth/login", new { username = "admin@platform.test", password = "Passw0rd!" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private static async Task<string> ETagOfAsync(HttpClient admin, string tenant) =>
        (await admin.GetFromJsonAsync<JsonElement[]>("/admin/tenants"))!.Single(t => t.GetProperty("tenant").GetString() == tenant).GetProperty("etag").GetString()!;

    private static Task<HttpResponseMessage> Put(HttpClient client, string path, string json, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{etag}\"");
        return client.SendAsync(request);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, bool expectErrors)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(expectErrors, problem.TryGetProperty("errors", out _));
        return problem;
    }
}
