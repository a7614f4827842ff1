using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Callers;
using Platform.Drain;
using Platform.Login.Assignments;
using Platform.Login.Drain;
using Platform.Login.Store;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Login.Drain;

/// <summary>
/// <c>GET /admin/versions</c> and the gateways' traffic report on login in process, on the embedded store: who may
/// read it, sign-in and sign-out moving the counts, and the report's token.
/// </summary>
public sealed class DrainApiTests : IAsyncLifetime
{
    private const string Admin = "ops@example.test";
    private const string Alice = "alice@acme.test";
    private const string Password = "a-long-passphrase-for-tests";
    private readonly string data = Directory.CreateTempSubdirectory("platform-drain-api-").FullName;
    private WebApplicationFactory<SqliteStateStore> login = null!;

    public async Task InitializeAsync()
    {
        login = TestLogin.InProduction(data);
        await login.SaveUserAsync(new UserAccount(Admin, "", null, ["admin"]), Password);
        await login.SaveUserAsync(new UserAccount(Alice, "", "acme", []), Password);
        var store = login.Services.GetRequiredService<AssignmentStore>();
        Assert.True(await store.TrySaveRingAsync(new RingAssignment("early", new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v2" }), null));
        Assert.True(await store.TrySaveTenantAsync(new TenantAssignment("acme", "early", new Dictionary<string, string>()), null));
        Assert.True(await store.TryAddToIndexesAsync(["acme"], ["early"]));
    }

    public async Task DisposeAsync()
    {
        await login.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Only_admins_read_the_drain_view()
    {
        using var client = Client();
        var anonymous = await client.GetAsync("/admin/versions");
        var tenantUser = await SendAsync(HttpMethod.Get, "/admin/versions", await SignInAsync(Alice));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tenantUser.StatusCode);
        Assert.Equal("application/problem+json", tenantUser.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Sign_in_raises_the_count_of_exactly_the_pinned_versions_and_sign_out_lowers_it()
    {
        var admin = await SignInAsync(Admin);
        var before = await ViewAsync(admin);
        Assert.All(before, v => Assert.Equal(0, v.OpenSessions));

        var alice = await SignInAsync(Alice);
        await SignInAsync(Alice);
        var signedIn = await ViewAsync(admin);
        Assert.Equal(2, Row(signedIn, "contacts-v2").OpenSessions);
        Assert.Equal(2, Row(signedIn, "insights-v2").OpenSessions);
        Assert.Equal(0, Row(signedIn, "contacts-v1").OpenSessions);
        Assert.Equal(0, Row(signedIn, "insights-v1").OpenSessions);

        var signOut = await SendAsync(HttpMethod.Post, "/auth/logout", alice, JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        var after = await ViewAsync(admin);
        Assert.Equal(1, Row(after, "contacts-v2").OpenSessions);
        Assert.Equal(1, Row(after, "insights-v2").OpenSessions);
    }

    [Fact]
    public async Task A_version_no_tenant_resolves_to_and_no_session_uses_is_retirable()
    {
        var view = await ViewAsync(await SignInAsync(Admin));

        // acme (ring early) resolves to v2 of both; v1 of each is the default, but nobody resolves to it.
        Assert.Equal(["acme"], Row(view, "contacts-v2").Tenants);
        Assert.False(Row(view, "contacts-v2").Retirable);
        Assert.True(Row(view, "contacts-v1").Retirable);
        Assert.Equal(new InstancesView(null, 2), Row(view, "contacts-v1").Instances);
    }

    [Fact]
    public async Task Traffic_reports_need_the_gateways_token_and_show_in_the_view()
    {
        using var client = Client();
        var seen = DateTimeOffset.UtcNow.AddSeconds(-3);
        var report = new VersionTrafficReport("gateway-1", new Dictionary<string, VersionTraffic>
        {
            ["contacts-v2"] = new(seen, 1, 2),
            ["billing-v1"] = new(seen, 1, 1),
        });

        var forged = await client.PostAsJsonAsync(VersionTrafficReport.ReportPath, report);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.All(await ViewAsync(await SignInAsync(Admin)), v => Assert.Null(v.LastRequest));

        using var request = new HttpRequestMessage(HttpMethod.Post, VersionTrafficReport.ReportPath) { Content = JsonContent.Create(report) };
        request.Headers.Add(CallerHeaders.Gateway, login.Services.GetRequiredService<GatewayTokens>().ForTrafficReport());
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(request)).StatusCode);

        var view = await ViewAsync(await SignInAsync(Admin));
        Assert.Equal(seen, Row(view, "contacts-v2").LastRequest);
        Assert.Equal(new InstancesView(1, 2), Row(view, "contacts-v2").Instances);
        Assert.Null(Row(view, "contacts-v1").LastRequest);
        Assert.DoesNotContain(view, v => v.AppId == "billing-v1");
    }

    private HttpClient Client() => login.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    private async Task<string> SignInAsync(string username)
    {
        using var client = Client();
        var response = await client.PostAsJsonAsync("/auth/login", new { username, password = Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string cookie, HttpContent? content = null)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private async Task<IReadOnlyList<VersionDrainView>> ViewAsync(string adminCookie)
    {
        var response = await SendAsync(HttpMethod.Get, "/admin/versions", adminCookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<VersionDrainView>>(JsonSerializerOptions.Web))!;
    }

    private static VersionDrainView Row(IReadOnlyList<VersionDrainView> view, string appId) => view.Single(v => v.AppId == appId);
}
