using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Login.Store;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Login.Audit;

/// <summary>
/// <c>GET /admin/audit</c> and <c>POST /admin/audit/{id}/revert</c> on login in process, on the embedded store: what
/// is recorded, how bad queries are answered, and when a revert is refused.
/// </summary>
public sealed class AuditApiTests : IAsyncLifetime
{
    private readonly string data = Directory.CreateTempSubdirectory("platform-audit-api-").FullName;
    private WebApplicationFactory<SqliteStateStore> login = null!;

    public Task InitializeAsync()
    {
        login = TestLogin.OnEmbeddedStore(data);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await login.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task A_change_is_listed_with_who_when_before_after_and_the_reason_sent()
    {
        using var admin = await SignInAsync("admin@platform.test");
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);

        var response = await SendAsync(admin, HttpMethod.Put, "/admin/tenants/globex/ring", new { ring = "early" }, await ETagOfAsync(admin, "globex"), Uri.EscapeDataString("ticket 42: Müller's pilot"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entry = (await ListAsync(admin, "?tenant=globex")).GetProperty("entries")[0];
        Assert.Equal("admin@platform.test", entry.GetProperty("admin").GetString());
        Assert.Equal("tenant-ring", entry.GetProperty("change").GetString());
        Assert.Equal(("stable", "early"), (entry.GetProperty("before").GetString(), entry.GetProperty("after").GetString()));
        Assert.Equal("ticket 42: Müller's pilot", entry.GetProperty("reason").GetString());
        Assert.InRange(entry.GetProperty("at").GetDateTimeOffset(), started, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Every_kind_of_change_is_recorded_and_a_change_refused_on_its_etag_is_not()
    {
        using var admin = await SignInAsync("admin@platform.test");
        var stale = await ETagOfAsync(admin, "acme");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Put, "/admin/tenants/acme/overrides/insights", new { version = "v1" }, stale)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(admin, HttpMethod.Put, "/admin/tenants/acme/ring", new { ring = "stable" }, stale)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Delete, "/admin/tenants/acme/overrides/insights", null, await ETagOfAsync(admin, "acme"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Put, "/admin/rings/stable/versions/contacts", new { version = "v2" }, await RingETagOfAsync(admin, "stable"))).StatusCode);

        var entries = (await ListAsync(admin, "")).GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("change").GetString(), Text(e, "tenant"), Text(e, "ring"), Text(e, "service"), Text(e, "before"), Text(e, "after")))
            .ToList();

        Assert.Equal(
        [
            ("ring-version", null, "stable", "contacts", "v1", "v2"),
            ("tenant-override", "acme", null, "insights", "v1", null),
            ("tenant-override", "acme", null, "insights", null, "v1"),
        ], entries);
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?from=2026-11-29T12:00:00Z&to=2026-11-28T12:00:00Z", "to")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1000", "limit")]
    [InlineData("?cursor=abc", "cursor")]
    [InlineData("?tenant=ac%7C%7Cme", "tenant")]
    public async Task A_bad_filter_is_a_validation_problem_naming_the_field(string query, string field)
    {
        using var admin = await SignInAsync("admin@platform.test");

        var response = await admin.GetAsync("/admin/audit" + query);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Revert_puts_the_before_back_and_is_itself_audited_naming_the_entry()
    {
        using var admin = await SignInAsync("admin@platform.test");
        await SendAsync(admin, HttpMethod.Put, "/admin/tenants/globex/overrides/contacts", new { version = "v2" }, await ETagOfAsync(admin, "globex"), "try v2");
        var changed = (await ListAsync(admin, "?tenant=globex")).GetProperty("entries")[0].GetProperty("id").GetInt64();

        var response = await SendAsync(admin, HttpMethod.Post, $"/admin/audit/{changed}/revert", null, etag: null, reason: "v2 broke imports");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var revert = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(changed, revert.GetProperty("reverts").GetInt64());
        Assert.Equal($"revert of audit entry {changed}: v2 broke imports", revert.GetProperty("reason").GetString());
        Assert.Equal(("v2", null), (Text(revert, "before"), Text(revert, "after")));
        var globex = await TenantAsync(admin, "globex");
        Assert.Empty(globex.GetProperty("overrides").EnumerateObject());
        Assert.Equal(revert.GetProperty("id").GetInt64(), (await ListAsync(admin, "?tenant=globex")).GetProperty("entries")[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Revert_after_a_later_change_is_409_and_changes_nothing()
    {
        using var admin = await SignInAsync("admin@platform.test");
        await SendAsync(admin, HttpMethod.Put, "/admin/rings/early/versions/insights", new { version = "v1" }, await RingETagOfAsync(admin, "early"));
        var changed = (await ListAsync(admin, "?ring=early&service=insights")).GetProperty("entries")[0].GetProperty("id").GetInt64();
        await SendAsync(admin, HttpMethod.Put, "/admin/rings/early/versions/insights", new { version = "v2" }, await RingETagOfAsync(admin, "early"));
        var before = await RingETagOfAsync(admin, "early");

        var response = await SendAsync(admin, HttpMethod.Post, $"/admin/audit/{changed}/revert", null);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("changed since", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await RingETagOfAsync(admin, "early"));
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("nope")]
    public async Task Revert_of_an_unknown_entry_is_404(string id)
    {
        using var admin = await SignInAsync("admin@platform.test");

        await AssertProblemAsync(await SendAsync(admin, HttpMethod.Post, $"/admin/audit/{id}/revert", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reason_too_long_is_a_validation_problem_and_changes_nothing()
    {
        using var admin = await SignInAsync("admin@platform.test");
        var etag = await ETagOfAsync(admin, "globex");

        var response = await SendAsync(admin, HttpMethod.Put, "/admin/tenants/globex/ring", new { ring = "early" }, etag, new string('x', 501));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("X-Change-Reason", out _));
        Assert.Equal(etag, await ETagOfAsync(admin, "globex"));
    }

    [Fact]
    public async Task The_audit_api_is_for_admins_only()
    {
        using var anonymous = login.CreateClient();
        using var alice = await SignInAsync("alice@acme.test");

        await AssertProblemAsync(await anonymous.GetAsync("/admin/audit"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await alice.GetAsync("/admin/audit"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await SendAsync(alice, HttpMethod.Post, "/admin/audit/1/revert", null), HttpStatusCode.Forbidden);
    }

    private async Task<HttpClient> SignInAsync(string username)
    {
        var client = login.CreateClient();
        var response = await client.PostAsJsonAsync("/auth/login", new { username, password = "Passw0rd!" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private static async Task<JsonElement> ListAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync("/admin/audit" + query);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> TenantAsync(HttpClient admin, string tenant) =>
        (await admin.GetFromJsonAsync<JsonElement[]>("/admin/tenants"))!.Single(t => t.GetProperty("tenant").GetString() == tenant);

    private static async Task<string> ETagOfAsync(HttpClient admin, string tenant) =>
        (await TenantAsync(admin, tenant)).GetProperty("etag").GetString()!;

    private static async Task<string> RingETagOfAsync(HttpClient admin, string ring) =>
        (await admin.GetFromJsonAsync<JsonElement[]>("/admin/rings"))!.Single(r => r.GetProperty("ring").GetString() == ring).GetProperty("etag").GetString()!;

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string? etag = null, string? reason = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{etag}\"");
        }

        if (reason is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Change-Reason", reason);
        }

        return client.SendAsync(request);
    }

    private static string? Text(JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : element.GetProperty(property).GetString();

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }
}
