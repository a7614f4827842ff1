using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.DaprStandIn;
using Platform.Gateway.Transport;
using Platform.Sessions;
using Platform.Sidecars;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Transport;

/// <summary>
/// The real gateway in Dapr mode, its sidecar the daprd stand-in (locked down as the AppHost starts it: API token
/// required, app token sent), and one app per version behind it: what the gateway sends the sidecar (the invoke API
/// of the session's version's app-id, with the API token) and what reaches the app.
/// </summary>
public sealed class DaprTransportTests : IAsyncLifetime
{
    private const string ApiToken = "the-gateway-sidecars-api-token";
    private const string AppToken = "the-app-token";
    private readonly string keysPath = Directory.CreateTempSubdirectory("platform-keys-").FullName;
    private DaprSidecarStandIn sidecar = null!;
    private EchoApp contactsV1 = null!;
    private EchoApp contactsV2 = null!;
    private WebApplicationFactory<DirectTransport> gateway = null!;

    public async Task InitializeAsync()
    {
        sidecar = await DaprSidecarStandIn.StartAsync(new StandInOptions { AppId = "gateway", ApiToken = ApiToken, AppToken = AppToken });
        contactsV1 = await EchoApp.StartAsync("contacts-v1");
        contactsV2 = await EchoApp.StartAsync("contacts-v2");
        sidecar.Apps.Register("contacts-v1", contactsV1.Address, AppToken);
        sidecar.Apps.Register("contacts-v2", contactsV2.Address, AppToken);
        // insights-v2 is deployed in the matrix but no instance of it is known to the sidecar.

        // The key ring login would create; the gateway never creates keys itself.
        DataProtectionProvider.Create(new DirectoryInfo(keysPath), b => b.SetApplicationName("platform"))
            .CreateProtector("warmup").Protect("warmup");

        gateway = new WebApplicationFactory<DirectTransport>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Dapr:Mode", "On");
            web.UseSetting("DAPR_HTTP_PORT", sidecar.HttpAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting(DaprTokens.ApiTokenVariable, ApiToken);
            web.UseSetting("Session:KeysPath", keysPath);
            web.UseSampleMatrix();
        });
        _ = gateway.Server;
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await contactsV1.DisposeAsync();
        await contactsV2.DisposeAsync();
        await sidecar.DisposeAsync();
        Directory.Delete(keysPath, recursive: true);
    }

    [Fact]
    public void The_transport_is_chosen_from_configuration() =>
        Assert.Equal("dapr", gateway.Services.GetRequiredService<IVersionTransport>().Name);

    [Fact]
    public async Task An_acme_session_is_sent_to_app_id_contacts_v2_and_a_globex_session_to_contacts_v1_by_the_invoke_API()
    {
        using var acme = Client(Session("alice@acme.test", "acme", ("contacts", "v2"), ("insights", "v2")));
        using var globex = Client(Session("bob@globex.test", "globex", ("contacts", "v1"), ("insights", "v1")));

        var fromAcme = await (await acme.GetAsync("/api/contacts/contacts")).Content.ReadFromJsonAsync<EchoedRequest>();
        var fromGlobex = await (await globex.GetAsync("/api/contacts/contacts")).Content.ReadFromJsonAsync<EchoedRequest>();

        Assert.Equal(["contacts-v2", "contacts-v1"], sidecar.Recorder.Invocations.Select(i => i.AppId));
        Assert.All(sidecar.Recorder.Invocations, i => Assert.False(i.ReceivedHeaders.ContainsKey("dapr-app-id")));
        Assert.Equal(("contacts-v2", "acme"), (fromAcme!.App, fromAcme.Headers["x-platform-tenant"]));
        Assert.Equal(("contacts-v1", "globex"), (fromGlobex!.App, fromGlobex.Headers["x-platform-tenant"]));
    }

    [Fact]
    public async Task The_gateway_sends_only_to_its_own_sidecar_with_its_token_keeping_method_path_query_body_and_identity()
    {
        using var acme = Client(Session("alice@acme.test", "acme", ("contacts", "v2")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/contacts/contacts/c-1/notes?draft=true&tag=a%20b")
        {
            Content = JsonContent.Create(new { text = "hello" }),
        };

        var response = await acme.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(sidecar.Recorder.Invocations);
        Assert.Equal(("POST", "/contacts/c-1/notes?draft=true&tag=a%20b", """{"text":"hello"}"""), (sent.Method, sent.PathAndQuery, sent.Body));
        Assert.Equal("contacts-v2", sent.AppId);
        Assert.Empty(sidecar.Recorder.Refusals);
        Assert.Equal("alice@acme.test", sent.ReceivedHeaders["x-platform-user"]);
        Assert.Equal("acme", sent.ReceivedHeaders["x-platform-tenant"]);
        Assert.False(sent.ReceivedHeaders.ContainsKey("cookie"));

        var received = Assert.Single(contactsV2.Received);
        Assert.Equal(("POST", "/contacts/c-1/notes?draft=true&tag=a%20b", """{"text":"hello"}"""), (received.Method, received.PathAndQuery, received.Body));
        Assert.Equal(("alice@acme.test", "acme"), (received.Headers["x-platform-user"], received.Headers["x-platform-tenant"]));
        Assert.Equal(("gateway", "contacts-v2"), (received.Headers["dapr-caller-app-id"], received.Headers["dapr-callee-app-id"]));
        Assert.Equal(AppToken, received.Headers["dapr-api-token"]);
        Assert.False(received.Headers.ContainsKey("dapr-app-id"));
        Assert.True(received.Headers.ContainsKey("traceparent"));
    }

    [Fact]
    public async Task A_client_cannot_choose_the_app_id_or_the_identity_or_pass_any_dapr_header_on()
    {
        using var globex = Client(Session("bob@globex.test", "globex", ("contacts", "v1")));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/contacts/info");
        request.Headers.Add("dapr-app-id", "contacts-v2");
        request.Headers.Add("Dapr-Api-Token", "guess");
        request.Headers.Add("dapr-caller-app-id", "login");
        request.Headers.Add("dapr-callee-app-id", "contacts-v2");
        request.Headers.Add("X-Platform-Tenant", "acme");
        request.Headers.Add("X-Platform-User", "alice@acme.test");

        var response = await globex.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(sidecar.Recorder.Invocations);
        Assert.Equal(("contacts-v1", "globex", "bob@globex.test"),
            (sent.AppId, sent.ReceivedHeaders["x-platform-tenant"], sent.ReceivedHeaders["x-platform-user"]));
        Assert.DoesNotContain(sent.ReceivedHeaders.Keys, name => name.StartsWith("dapr-", StringComparison.Ordinal));
        var received = Assert.Single(contactsV1.Received);
        Assert.Equal(("gateway", AppToken), (received.Headers["dapr-caller-app-id"], received.Headers["dapr-api-token"]));
        Assert.Empty(contactsV2.Received);
    }

    [Fact]
    public async Task A_gateway_without_its_sidecars_token_is_refused_by_the_sidecar()
    {
        await using var tokenless = new WebApplicationFactory<DirectTransport>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Dapr:Mode", "On");
            web.UseSetting("DAPR_HTTP_PORT", sidecar.HttpAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Session:KeysPath", keysPath);
            web.UseSampleMatrix();
        });
        var options = tokenless.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = new VersionTicket("alice@acme.test", "acme", "ring", [], new Dictionary<string, string> { ["contacts"] = "v2" });
        using var client = tokenless.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", $"{SessionExtensions.CookieName}={options.TicketDataFormat.Protect(new AuthenticationTicket(ticket.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme), CookieAuthenticationDefaults.AuthenticationScheme))}");

        var response = await client.GetAsync("/api/contacts/info");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(sidecar.Recorder.Refusals);
        Assert.Empty(contactsV2.Received);
    }

    [Fact]
    public async Task Without_a_session_nothing_reaches_the_sidecar()
    {
        using var anonymous = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/contacts/info")).StatusCode);
        Assert.Empty(sidecar.Recorder.Invocations);
    }

    [Fact]
    public async Task When_the_sidecar_knows_no_instance_of_the_version_its_error_reaches_the_caller()
    {
        using var acme = Client(Session("alice@acme.test", "acme", ("insights", "v2")));

        var response = await acme.GetAsync("/api/insights/info");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("ERR_DIRECT_INVOKE", await response.Content.ReadAsStringAsync());
        Assert.Equal("insights-v2", Assert.Single(sidecar.Recorder.Invocations).AppId);
    }

    [Theory]
    [InlineData("GET", "/api/contacts/v1.0/metadata")]
    [InlineData("POST", "/api/contacts/v1.0/shutdown")]
    [InlineData("GET", "/api/contacts//v1.0/metadata")]
    [InlineData("GET", "/api/contacts/v1.0//metadata/")]
    [InlineData("GET", "/api/contacts/v1.0%2Fmetadata")]
    [InlineData("GET", "/api/contacts/V1.0/Metadata")]
    [InlineData("GET", "/api/contacts/v1.0/state/assignments/user:admin@platform.test")]
    [InlineData("GET", "/api/contacts/v1.0-alpha1/jobs/x")]
    [InlineData("GET", "/api/contacts/v1.0/invoke/login/method/health")]
    public async Task A_path_of_the_sidecars_API_reaches_the_service_never_the_sidecars_API(string method, string path)
    {
        using var acme = Client(Session("alice@acme.test", "acme", ("contacts", "v2")));
        // The test server takes the path as the client sends it (no dot segments here: the real server, Kestrel,
        // removes them before routing; the whole-stack attack tests send those).
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await acme.SendAsync(request);

        Assert.Empty(sidecar.Recorder.ApiCalls);
        var invocation = Assert.Single(sidecar.Recorder.Invocations);
        Assert.Equal(("contacts-v2", 200), (invocation.AppId, invocation.Status));
        Assert.Equal("contacts-v2", Assert.Single(contactsV2.Received).App);
    }

    private HttpClient Client(string cookie)
    {
        var client = gateway.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{SessionExtensions.CookieName}={cookie}");
        return client;
    }

    /// <summary>A session cookie as login seals it, with the gateway's own cookie format and key ring.</summary>
    private string Session(string user, string tenant, params (string Service, string Version)[] versions)
    {
        var ticket = new VersionTicket(user, tenant, "ring", [], versions.ToDictionary(v => v.Service, v => v.Version));
        var scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        var options = gateway.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(scheme);
        return options.TicketDataFormat.Protect(new AuthenticationTicket(ticket.ToPrincipal(scheme), scheme));
    }
}
