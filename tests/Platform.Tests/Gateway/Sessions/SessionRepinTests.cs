using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Gateway.Transport;
using Platform.Login.Store;
using Platform.Sessions;
using Platform.Sessions.Revocation;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Sessions;

/// <summary>
/// Issue 13, items 3 and 4, in process: login (on Kestrel, embedded store with the demo data), the real gateway in
/// direct mode and an echo app per version. A re-pinned tenant's open session, and a session pinned to a retired
/// version, move to the tenant's current versions on their next request, with a fresh cookie in that response.
/// </summary>
public sealed class SessionRepinTests : IAsyncLifetime
{
    private readonly string data = Directory.CreateTempSubdirectory("platform-repin-").FullName;
    private readonly Dictionary<string, EchoApp> versions = [];
    private WebApplicationFactory<SqliteStateStore> login = null!;
    private WebApplicationFactory<DirectTransport> gateway = null!;
    private Uri loginAddress = null!;

    public async Task InitializeAsync()
    {
        foreach (var appId in new[] { "contacts-v1", "contacts-v2" })
        {
            versions[appId] = await EchoApp.StartAsync(appId);
        }

        login = TestLogin.OnEmbeddedStore(data);
        loginAddress = login.StartOnKestrel();
        gateway = new WebApplicationFactory<DirectTransport>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Session:KeysPath", Path.Combine(data, "keys"));
            web.UseSampleMatrix();
            // About re-pinning, not slow instances (a CI run had a first answer cut off mid-body here).
            web.UseUnhurriedInstances(TimeSpan.FromSeconds(5));
            web.UseSetting("services:login:http:0", loginAddress.ToString());
            foreach (var (appId, echo) in versions)
            {
                web.UseSetting($"services:{appId}-1:http:0", echo.Address.ToString());
                web.UseSetting($"services:{appId}-2:http:0", echo.Address.ToString());
            }
        });
        _ = gateway.Server;
        // The gateway applies the feed once it has read it; until then it knows no re-pin.
        await EventuallyAsync(() => Task.FromResult(gateway.Services.GetRequiredService<RevocationSet>().IsLoaded), TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await login.DisposeAsync();
        foreach (var echo in versions.Values)
        {
            await echo.DisposeAsync();
        }

        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task A_re_pinned_tenants_open_session_moves_to_its_current_versions_within_2_s_with_a_fresh_cookie_that_keeps_working()
    {
        var bob = await CookieOfAsync("bob@globex.test");
        Assert.Equal("contacts-v1", (await InfoAsync(bob)).App);
        using var admin = await AdminAsync();
        await MoveToEarlyAsync(admin, "globex");
        Assert.Equal("contacts-v1", (await InfoAsync(bob)).App);

        var asked = Stopwatch.StartNew();
        var repin = await admin.PostAsync("/admin/tenants/globex/repin", null);

        Assert.Equal(HttpStatusCode.Accepted, repin.StatusCode);
        Assert.Equal(["globex"], (await repin.Content.ReadFromJsonAsync<RepinAnswer>())!.Tenants);
        var moved = await EventuallyAsync(async () => await InfoAsync(bob) is { App: "contacts-v2" } info ? info : null, TimeSpan.FromSeconds(2));
        Assert.InRange(asked.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.NotNull(moved.NewCookie);
        var fresh = await InfoAsync(moved.NewCookie);
        Assert.Equal("contacts-v2", fresh.App);
        Assert.Null(fresh.NewCookie);
        // The drain view counts the session where it now goes.
        var drain = await admin.GetFromJsonAsync<DrainRow[]>("/admin/versions");
        Assert.Equal(0, drain!.Single(v => v.AppId == "contacts-v1").OpenSessions);
        Assert.Equal(1, drain!.Single(v => v.AppId == "contacts-v2").OpenSessions);
        // Signing out with the fresh cookie ends the session: the old cookie is the same session and ends with it.
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/auth/logout") { Content = JsonContent.Create(new { }) };
        signOut.Headers.Add("Cookie", $"{SessionExtensions.CookieName}={moved.NewCookie}");
        Assert.Equal(HttpStatusCode.NoContent, (await LoginClient().SendAsync(signOut)).StatusCode);
        await EventuallyAsync(async () => (await SendAsync(bob)).StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_session_issued_after_the_re_pin_is_not_re_pinned_and_other_tenants_are_not_touched()
    {
        using var admin = await AdminAsync();
        var alice = await CookieOfAsync("alice@acme.test");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/admin/tenants/globex/repin", null)).StatusCode);
        var bob = await CookieOfAsync("bob@globex.test");
        await EventuallyAsync(() => Task.FromResult(gateway.Services.GetRequiredService<RevocationSet>().RepinnedBefore("globex") is not null), TimeSpan.FromSeconds(3));

        Assert.Null((await InfoAsync(bob)).NewCookie);
        Assert.Null((await InfoAsync(alice)).NewCookie);
    }

    [Fact]
    public async Task A_ring_re_pin_moves_every_tenant_of_the_ring_and_unknown_names_are_404()
    {
        using var admin = await AdminAsync();
        var bob = await CookieOfAsync("bob@globex.test");

        var repin = await admin.PostAsync("/admin/rings/stable/repin", null);

        Assert.Equal(HttpStatusCode.Accepted, repin.StatusCode);
        Assert.Equal(["globex"], (await repin.Content.ReadFromJsonAsync<RepinAnswer>())!.Tenants);
        var moved = await EventuallyAsync(async () => await InfoAsync(bob) is { NewCookie: not null } info ? info : null, TimeSpan.FromSeconds(2));
        Assert.Equal("contacts-v1", moved.App);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/admin/rings/nosuchring/repin", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/admin/tenants/nosuchtenant/repin", null)).StatusCode);
        using var bobAtLogin = LoginClient();
        bobAtLogin.DefaultRequestHeaders.Add("Cookie", $"{SessionExtensions.CookieName}={bob}");
        Assert.Equal(HttpStatusCode.Forbidden, (await bobAtLogin.PostAsync("/admin/tenants/globex/repin", null)).StatusCode);
    }

    [Fact]
    public async Task A_session_pinned_to_a_retired_version_is_re_pinned_instead_of_told_to_sign_in_again()
    {
        var retired = Seal("alice@acme.test", "acme", ("contacts", "v0"));

        var info = await InfoAsync(retired);

        Assert.Equal("contacts-v2", info.App);
        Assert.NotNull(info.NewCookie);
        var fresh = await InfoAsync(info.NewCookie);
        Assert.Equal("contacts-v2", fresh.App);
        Assert.Null(fresh.NewCookie);
    }

    [Fact]
    public async Task With_SignInAgain_for_the_service_a_retired_version_is_still_401_sign_in_again()
    {
        using var signInAgain = gateway.WithWebHostBuilder(web => web.UseSetting("VersionMatrix:contacts:RetiredSessions", "SignInAgain"));
        using var client = signInAgain.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{SessionExtensions.CookieName}={Seal("alice@acme.test", "acme", ("contacts", "v0"))}");

        var response = await client.GetAsync("/api/contacts/info");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no longer deployed", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_down_serves_a_due_session_on_its_old_pin_and_a_retired_one_gets_503_never_500()
    {
        using var admin = await AdminAsync();
        var bob = await CookieOfAsync("bob@globex.test");
        var retired = Seal("alice@acme.test", "acme", ("contacts", "v0"));
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/admin/tenants/globex/repin", null)).StatusCode);
        await EventuallyAsync(() => Task.FromResult(gateway.Services.GetRequiredService<RevocationSet>().RepinnedBefore("globex") is not null), TimeSpan.FromSeconds(3));

        await login.DisposeAsync();

        var oldPin = await InfoAsync(bob);
        Assert.Equal("contacts-v1", oldPin.App);
        Assert.Null(oldPin.NewCookie);
        var answered = Stopwatch.StartNew();
        var unavailable = await SendAsync(retired);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sign-in service", await unavailable.Content.ReadAsStringAsync());
        Assert.NotNull(unavailable.Headers.RetryAfter);
        Assert.InRange(answered.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Login_re_pins_only_for_the_gateway()
    {
        var bob = await CookieOfAsync("bob@globex.test");
        using var client = LoginClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, RevocationKinds.RepinPath);
        request.Headers.Add("Cookie", $"{SessionExtensions.CookieName}={bob}");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    private HttpClient LoginClient() => login.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = loginAddress });

    private async Task<string> CookieOfAsync(string username)
    {
        using var client = LoginClient();
        var response = await client.PostAsJsonAsync("/auth/login", new { username, password = "Passw0rd!" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SessionCookie(response)!;
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = LoginClient();
        client.DefaultRequestHeaders.Add("Cookie", $"{SessionExtensions.CookieName}={await CookieOfAsync("admin@platform.test")}");
        return client;
    }

    private static async Task MoveToEarlyAsync(HttpClient admin, string tenant)
    {
        var tenants = await admin.GetFromJsonAsync<TenantRow[]>("/admin/tenants");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/admin/tenants/{tenant}/ring") { Content = JsonContent.Create(new { ring = "early" }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{tenants!.Single(t => t.Tenant == tenant).ETag}\""));
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(request)).StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string cookie)
    {
        using var client = gateway.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{SessionExtensions.CookieName}={cookie}");
        return await client.GetAsync("/api/contacts/info");
    }

    /// <summary>Which version answered, and the session cookie the gateway's response set, if any.</summary>
    private async Task<Routed> InfoAsync(string cookie)
    {
        var response = await SendAsync(cookie);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return new Routed((await response.Content.ReadFromJsonAsync<EchoedRequest>())!.App, SessionCookie(response));
    }

    private static string? SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0]).FirstOrDefault(v => v.StartsWith(SessionExtensions.CookieName + "=", StringComparison.Ordinal))?[(SessionExtensions.CookieName.Length + 1)..]
            : null;

    /// <summary>A cookie as login seals it (same key ring), pinned to what login would not issue now.</summary>
    private string Seal(string user, string tenant, params (string Service, string Version)[] pins)
    {
        var ticket = new VersionTicket(user, tenant, "early", [], pins.ToDictionary(p => p.Service, p => p.Version));
        var scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        var options = gateway.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(scheme);
        var principal = SessionStamp.Stamp(ticket.ToPrincipal(scheme), Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow);
        return options.TicketDataFormat.Protect(new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, scheme));
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var value = await probe();
            if (value is not null and not false)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < until, $"Not within {within.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }

    private sealed record Routed(string App, string? NewCookie);

    private sealed record RepinAnswer(string[] Tenants, DateTimeOffset IssuedBefore);

    private sealed record TenantRow(string Tenant, string ETag);

    private sealed record DrainRow(string AppId, long OpenSessions);
}
