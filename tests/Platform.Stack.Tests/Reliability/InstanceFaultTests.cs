using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Reliability;

/// <summary>
/// Instances of the pinned version die (SIGKILL) and come back, behind DCP's proxies as in every Aspire run: what a
/// signed-in tenant sees, how long it waits, and what the gateway's /health says.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class InstanceFaultTests(RedisStackFixture stack)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_dead_instance_costs_no_request_and_comes_back_into_rotation_when_restarted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var faults = new Faults(stack.App);
        using var alice = await stack.SignInAsync("alice@acme.test");
        await alice.GetInfoAsync("contacts");

        await faults.KillAsync("contacts-v2-1", timeout.Token);
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var watch = Stopwatch.StartNew();
                var info = await alice.GetInfoAsync("contacts");
                watch.Stop();

                // Never another version: the retry stays within contacts v2.
                Assert.Equal(("v2", "contacts-v2-2"), (info.Version, info.Instance));
                Assert.True(watch.Elapsed < OneSecond, $"Request {i} after the kill took {watch.Elapsed}.");
            }
        }
        finally
        {
            await faults.StartAsync("contacts-v2-1", timeout.Token);
        }

        // Back in rotation once its /health answers and the passive reactivation period is over.
        var seen = new HashSet<string>();
        while (!seen.Contains("contacts-v2-1"))
        {
            timeout.Token.ThrowIfCancellationRequested();
            seen.Add((await alice.GetInfoAsync("contacts")).Instance);
            await Task.Delay(200, timeout.Token);
        }
    }

    [Fact]
    public async Task A_request_with_a_body_the_service_declares_replayable_is_retried_on_another_instance_of_its_version()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var faults = new Faults(stack.App);
        await faults.AllHealthyAsync(timeout.Token);
        using var alice = await stack.SignInAsync("alice@acme.test");

        await faults.KillAsync("contacts-v2-1", timeout.Token);
        try
        {
            // Round robin over two instances: one of the first two searches goes to the dead one and must be replayed.
            for (var i = 0; i < 4; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await alice.PostAsJsonAsync("/api/contacts/contacts/search", new { text = "a" }, timeout.Token);
                watch.Stop();

                var found = await response.ReadAsync<SearchResult>();
                Assert.Equal(("v2", "contacts-v2-2"), (found.ServedBy.Version, found.ServedBy.Instance));
                Assert.NotEmpty(found.Items);
                Assert.True(watch.Elapsed < OneSecond, $"Search {i} after the kill took {watch.Elapsed}.");
            }
        }
        finally
        {
            await faults.StartAsync("contacts-v2-1", timeout.Token);
        }
    }

    [Fact]
    public async Task With_every_instance_of_a_version_dead_requests_get_503_naming_it_and_health_says_which()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var faults = new Faults(stack.App);
        using var alice = await stack.SignInAsync("alice@acme.test");
        using var bob = await stack.SignInAsync("bob@globex.test");

        await faults.KillAsync("insights-v2-1", timeout.Token);
        try
        {
            var watch = Stopwatch.StartNew();
            var problem = await (await alice.GetAsync("/api/insights/info", timeout.Token)).ReadProblemAsync(503);
            watch.Stop();
            Assert.Equal("insights v2 is unavailable", problem.Title);
            Assert.True(watch.Elapsed < OneSecond, $"The 503 took {watch.Elapsed}.");
            // Other versions and services are unaffected.
            Assert.Equal("v1", (await bob.GetInfoAsync("insights")).Version);
            Assert.Equal("v2", (await alice.GetInfoAsync("contacts")).Version);

            using var probe = stack.NewClient();
            var health = JsonDocument.Parse(await probe.GetStringAsync("/health", timeout.Token)).RootElement;
            var check = health.GetProperty("checks").GetProperty("version:insights-v2");
            Assert.Equal("Degraded", check.GetProperty("status").GetString());
            Assert.Contains("insights v2 has no healthy instance", check.GetProperty("description").GetString());
        }
        finally
        {
            await faults.StartAsync("insights-v2-1", timeout.Token);
        }

        // The version comes back by itself.
        while ((await alice.GetAsync("/api/insights/info", timeout.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(250, timeout.Token);
        }
    }

    [Fact]
    public async Task Login_down_answers_auth_and_admin_with_503_quickly_while_open_sessions_are_routed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var faults = new Faults(stack.App);
        using var alice = await stack.SignInAsync("alice@acme.test");

        await faults.KillAsync("login", timeout.Token);
        try
        {
            using var client = stack.NewClient();
            var watch = Stopwatch.StartNew();
            var signIn = await client.PostAsJsonAsync("/auth/login", new { username = "bob@globex.test", password = StackFixture.Password }, timeout.Token);
            var admin = await client.GetAsync("/admin/tenants", timeout.Token);
            watch.Stop();

            Assert.Equal("The sign-in service is unavailable", (await signIn.ReadProblemAsync(503)).Title);
            Assert.Equal(503, (int)admin.StatusCode);
            // Aspire's proxy accepts connections for the dead login, so each call waits out Resilience:LoginActivityTimeout (5 s).
            Assert.True(watch.Elapsed < OneSecond * 12, $"Two calls took {watch.Elapsed}.");
            Assert.Equal("v2", (await alice.GetInfoAsync("contacts")).Version);
        }
        finally
        {
            await faults.StartAsync("login", timeout.Token);
        }

        using var bob = await stack.SignInAsync("bob@globex.test");
    }
}

internal sealed record SearchResult(SearchServedBy ServedBy, IReadOnlyList<JsonElement> Items);

internal sealed record SearchServedBy(string Service, string Version, string Instance);
