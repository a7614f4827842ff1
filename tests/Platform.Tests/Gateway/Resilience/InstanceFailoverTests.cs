using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Gateway.Transport;
using Platform.Sessions;
using Platform.Tests.TestSupport;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Platform.Tests.Gateway.Resilience;

/// <summary>
/// The real gateway in direct mode with instances that die: contacts v2 has one hanging and one working instance,
/// contacts v1 one resetting and one working, insights v2 a single resetting one, and insights v1 a single one that is
/// slow to answer. What the client sees, and when.
/// </summary>
public sealed class InstanceFailoverTests : IAsyncLifetime
{
    // How long a first attempt waits for its answer to start when another instance could take the request, and how
    // long an instance gets to connect (500 ms and 300 ms in production). Longer here: a live instance that a loaded
    // machine holds up for that long is given up like a hung one, and its request lands on the hung one.
    private static readonly TimeSpan FirstAttemptWait = TimeSpan.FromSeconds(2);

    // Longer than the first attempt's wait: only a version's single instance is waited for that long.
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(3);

    // How long the last attempt, and login, may stay silent here (5 s in production): far enough from the first
    // attempt's wait that a request that was answered "at once" (within Patience / 2) cannot have waited it out, on
    // however loaded a machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string keysPath = Directory.CreateTempSubdirectory("platform-keys-").FullName;
    private readonly DeadInstance hangingV2 = DeadInstance.Hanging();
    private readonly DeadInstance resettingV1 = DeadInstance.Resetting();
    private readonly DeadInstance resettingInsightsV2 = DeadInstance.Resetting();
    private readonly DeadInstance resettingLogin = DeadInstance.Resetting();
    private EchoApp contactsV2 = null!;
    private EchoApp contactsV1 = null!;
    private EchoApp insightsV1 = null!;
    private WebApplicationFactory<DirectTransport> gateway = null!;

    public async Task InitializeAsync()
    {
        contactsV2 = await EchoApp.StartAsync("contacts-v2-2");
        contactsV1 = await EchoApp.StartAsync("contacts-v1-2");
        insightsV1 = await EchoApp.StartAsync("insights-v1-1", answerAfter: SlowAnswer);
        DataProtectionProvider.Create(new DirectoryInfo(keysPath), b => b.SetApplicationName("platform"))
            .CreateProtector("warmup").Protect("warmup");

        var instances = new Dictionary<string, Uri>
        {
            ["contacts-v2-1"] = hangingV2.Address, ["contacts-v2-2"] = contactsV2.Address,
            ["contacts-v1-1"] = resettingV1.Address, ["contacts-v1-2"] = contactsV1.Address,
            ["insights-v1-1"] = insightsV1.Address, ["insights-v2-1"] = resettingInsightsV2.Address,
            ["login"] = resettingLogin.Address,
        };
        gateway = new WebApplicationFactory<DirectTransport>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Session:KeysPath", keysPath);
            web.UseSetting("Web:Root", keysPath);
            web.UseSampleMatrix();
            web.UseUnhurriedInstances(FirstAttemptWait);
            web.UseSetting("Resilience:LastInstanceActivityTimeout", Patience.ToString("c"));
            web.UseSetting("Resilience:LoginActivityTimeout", Patience.ToString("c"));
            foreach (var (name, address) in instances)
            {
                // How Aspire hands service discovery an instance's address.
                web.UseSetting($"services:{name}:http:0", address.ToString());
            }
        });
        _ = gateway.Server;

        // Warm up (JIT, key ring, proxy pipeline, ProblemDetails) on a live version, so timings measure the faults.
        using var warmup = Client(("insights", "v1"));
        await warmup.GetAsync("/api/insights/info");
        await warmup.GetAsync("/api/nothing-here");
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await contactsV2.DisposeAsync();
        await contactsV1.DisposeAsync();
        await insightsV1.DisposeAsync();
        await hangingV2.DisposeAsync();
        await resettingV1.DisposeAsync();
        await resettingInsightsV2.DisposeAsync();
        await resettingLogin.DisposeAsync();
        Directory.Delete(keysPath, recursive: true);
    }

    [Theory]
    [InlineData("v2")] // the dead instance hangs
    [InlineData("v1")] // the dead instance resets the connection
    public async Task Gets_succeed_on_the_live_instance_of_the_same_version_without_waiting_for_the_dead_one(string version)
    {
        using var client = Client(("contacts", version));

        for (var i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await client.GetAsync("/api/contacts/info");
            watch.Stop();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"contacts-{version}-2", (await response.Content.ReadFromJsonAsync<EchoedRequest>())!.App);
            Assert.True(watch.Elapsed < Patience / 2, $"Request {i} took {watch.Elapsed}.");
        }

        // The other version's live instance got no request (only health probes): a retry stays within the pinned version.
        Assert.DoesNotContain((version == "v2" ? contactsV1 : contactsV2).Received, r => r.PathAndQuery != "/health");
    }

    [Fact]
    public async Task A_post_that_an_instance_failed_is_not_replayed_on_another_instance()
    {
        using var client = Client(("contacts", "v1"));
        var statuses = new List<HttpStatusCode>();

        // Round robin: one of the first two lands on the dead instance.
        for (var i = 0; i < 2; i++)
        {
            var response = await client.PostAsJsonAsync("/api/contacts/contacts", new { name = $"n{i}" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("contacts v1 is unavailable", problem.GetProperty("title").GetString());
            }
        }

        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.OK), contactsV1.Received.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task A_post_the_service_declares_replayable_is_replayed_with_its_body_on_the_live_instance_of_the_same_version()
    {
        using var client = Client(("contacts", "v1"));

        // Round robin: one of the first two lands on the dead instance, and is sent again to the live one.
        for (var i = 0; i < 2; i++)
        {
            var response = await client.PostAsJsonAsync("/api/contacts/contacts/search", new { text = $"search-{i}" });

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var echoed = (await response.Content.ReadFromJsonAsync<EchoedRequest>())!;
            Assert.Equal("contacts-v1-2", echoed.App);
            Assert.Contains($"search-{i}", echoed.Body);
        }

        Assert.Equal(2, contactsV1.Received.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task The_last_other_instance_is_tried_even_when_health_took_it_out_of_rotation()
    {
        // What a busy machine does: one probe or one request of the live instance was slow, so it is out for a while.
        var proxy = gateway.Services.GetRequiredService<IProxyStateLookup>();
        Assert.True(proxy.TryGetCluster("contacts-v1", out var cluster));
        var live = Assert.Single(cluster.Destinations.Values, d => d.DestinationId.StartsWith("contacts-v1-2", StringComparison.Ordinal));
        gateway.Services.GetRequiredService<IDestinationHealthUpdater>().SetPassive(cluster, live, DestinationHealth.Unhealthy, TimeSpan.FromMinutes(1));
        using var client = Client(("contacts", "v1"));

        for (var i = 0; i < 2; i++)
        {
            var response = await client.GetAsync("/api/contacts/info");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("contacts-v1-2", (await response.Content.ReadFromJsonAsync<EchoedRequest>())!.App);
        }
    }

    [Fact]
    public async Task A_slow_answer_of_the_only_instance_of_a_version_is_waited_for()
    {
        using var client = Client(("insights", "v1"));

        for (var i = 0; i < 2; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await client.GetAsync("/api/insights/info");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("insights-v1-1", (await response.Content.ReadFromJsonAsync<EchoedRequest>())!.App);
            // After a first attempt would have been given up. Not SlowAnswer itself: Task.Delay may end a fraction of
            // a millisecond before the stopwatch gets there.
            Assert.True(watch.Elapsed > FirstAttemptWait, $"Answered in {watch.Elapsed}: the instance was not slow, so this proves nothing.");
        }
    }

    [Fact]
    public async Task A_version_with_no_live_instance_answers_503_naming_it_and_health_says_which()
    {
        using var client = Client(("insights", "v2"));

        var watch = Stopwatch.StartNew();
        var first = await client.GetAsync("/api/insights/info");
        var firstTime = watch.Elapsed;
        var second = await client.GetAsync("/api/insights/info");
        watch.Stop();

        foreach (var response in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("insights v2 is unavailable", problem.GetProperty("title").GetString());
        }

        Assert.True(watch.Elapsed < Patience / 2, $"Two requests took {watch.Elapsed}, the first {firstTime}.");
        // No login runs here, so the revocation feed check is unhealthy too: look at the version checks alone.
        var health = await (await gateway.CreateClient().GetAsync("/health")).Content.ReadFromJsonAsync<JsonElement>();
        var check = health.GetProperty("checks").GetProperty("version:insights-v2");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains("insights v2 has no healthy instance", check.GetProperty("description").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("version:insights-v1").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Login_down_answers_503_problem_details_at_once()
    {
        using var client = gateway.CreateClient();

        var watch = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/auth/login", new { username = "alice@acme.test", password = "x" });
        watch.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("The sign-in service is unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.True(watch.Elapsed < Patience / 2, $"Took {watch.Elapsed}.");
    }

    private HttpClient Client(params (string Service, string Version)[] versions)
    {
        var ticket = new VersionTicket("alice@acme.test", "acme", "ring", [], versions.ToDictionary(v => v.Service, v => v.Version));
        var scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        var options = gateway.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(scheme);
        var client = gateway.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{SessionExtensions.CookieName}={options.TicketDataFormat.Protect(new AuthenticationTicket(ticket.ToPrincipal(scheme), scheme))}");
        return client;
    }
}
