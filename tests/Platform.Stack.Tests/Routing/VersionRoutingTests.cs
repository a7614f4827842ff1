using System.Text.Json;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Routing;

[Collection(StackCollection.Name)]
public sealed class VersionRoutingTests(StackFixture stack)
{
    [Fact]
    public Task Each_tenant_reaches_the_versions_of_its_ring() => StackScenarios.EachTenantReachesTheVersionsOfItsRingAsync(stack);

    [Fact]
    public async Task Versions_really_differ_v2_adds_fields()
    {
        using var alice = await stack.SignInAsync("alice@acme.test");
        using var bob = await stack.SignInAsync("bob@globex.test");

        var v2 = JsonDocument.Parse(await alice.GetStringAsync("/api/contacts/contacts")).RootElement;
        var v1 = JsonDocument.Parse(await bob.GetStringAsync("/api/contacts/contacts")).RootElement;

        Assert.True(v2.GetProperty("items")[0].TryGetProperty("lifecycleStage", out _));
        Assert.False(v1.GetProperty("items")[0].TryGetProperty("lifecycleStage", out _));
        Assert.Equal("Ada Lovelace", v2.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal("Hank Scorpio", v1.GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Concurrent_requests_spread_over_both_instances_of_the_version()
    {
        using var alice = await stack.SignInAsync("alice@acme.test");
        var seen = new HashSet<string>();

        // An instance whose first (cold) request was slow sits out of rotation for a few seconds (passive health), so
        // the spread is asked of a few rounds, not of the first one; every answer must be v2 all the same.
        for (var round = 0; round < 10 && seen.Count < 2; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => alice.GetInfoAsync("contacts")));
            Assert.All(answers, a => Assert.Equal("v2", a.Version));
            seen.UnionWith(answers.Select(a => a.Instance));
            if (seen.Count < 2)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        Assert.Equal(["contacts-v2-1", "contacts-v2-2"], seen.Order());
    }

    [Fact]
    public async Task Spoofed_identity_headers_do_not_change_what_the_service_sees()
    {
        using var bob = await stack.SignInAsync("bob@globex.test");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/contacts/info");
        request.Headers.Add("X-Platform-Tenant", "acme");
        request.Headers.Add("X-Platform-User", "alice@acme.test");

        var info = await (await bob.SendAsync(request)).ReadAsync<ServiceInfo>();

        Assert.Equal("globex", info.Tenant);
        Assert.Equal("v1", info.Version);
    }

    [Fact]
    public async Task Without_a_session_no_request_reaches_a_service()
    {
        using var anonymous = stack.NewClient();

        var problem = await (await anonymous.GetAsync("/api/contacts/info")).ReadProblemAsync(401);

        Assert.Contains("Sign in", problem.Detail);
    }

    [Fact]
    public async Task Unknown_service_is_404()
    {
        using var alice = await stack.SignInAsync("alice@acme.test");

        await (await alice.GetAsync("/api/billing/info")).ReadProblemAsync(404);
    }

    [Fact]
    public async Task Admin_has_no_tenant_so_no_service_version()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");

        await (await admin.GetAsync("/api/contacts/info")).ReadProblemAsync(403);
    }
}
