using System.Net;
using System.Net.Http.Json;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Admin;

[Collection(StackCollection.Name)]
public sealed class AdminApiTests(StackFixture stack)
{
    [Fact]
    public Task Moving_a_tenant_changes_new_sign_ins_while_open_sessions_keep_their_versions() => StackScenarios.RingChangeAppliesToNewSignInsOnlyAsync(stack);

    [Fact]
    public async Task Override_beats_the_ring_for_one_service_and_can_be_cleared()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        try
        {
            var overridden = await (await admin.ChangeTenantAsync(HttpMethod.Put, "acme", "overrides/insights", new { version = "v1" })).ReadAsync<TenantView>();
            Assert.Equal(new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v1" }, overridden.Versions);

            using var alice = await stack.SignInAsync("alice@acme.test");
            Assert.Equal("v1", (await alice.GetInfoAsync("insights")).Version);
            Assert.Equal("v2", (await alice.GetInfoAsync("contacts")).Version);
        }
        finally
        {
            var cleared = await (await admin.ChangeTenantAsync(HttpMethod.Delete, "acme", "overrides/insights")).ReadAsync<TenantView>();
            Assert.Empty(cleared.Overrides);
            Assert.Equal("v2", cleared.Versions["insights"]);
        }
    }

    [Fact]
    public async Task Changing_a_rings_version_applies_to_all_its_tenants()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.ChangeRingVersionAsync("stable", "insights", "v2")).StatusCode);
            using var bob = await stack.SignInAsync("bob@globex.test");
            Assert.Equal("v2", (await bob.GetInfoAsync("insights")).Version);
            Assert.Equal("v1", (await bob.GetInfoAsync("contacts")).Version);
        }
        finally
        {
            await admin.ChangeRingVersionAsync("stable", "insights", "v1");
        }
    }

    [Fact]
    public async Task Admin_api_is_for_admins_only()
    {
        using var anonymous = stack.NewClient();
        using var alice = await stack.SignInAsync("alice@acme.test");

        await (await anonymous.GetAsync("/admin/tenants")).ReadProblemAsync(401);
        await (await alice.GetAsync("/admin/tenants")).ReadProblemAsync(403);
        await (await alice.PutAsJsonAsync("/admin/tenants/acme/ring", new { ring = "stable" })).ReadProblemAsync(403);
    }

    [Fact]
    public async Task Invalid_changes_are_rejected_and_change_nothing()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var before = await admin.GetStringAsync("/admin/tenants");
        Assert.Contains("\"etag\":", before);

        var badVersion = await (await admin.PutAsJsonAsync("/admin/tenants/acme/overrides/contacts", new { version = "v7" })).ReadProblemAsync(400);
        Assert.Contains("v1, v2", badVersion.Errors!["version"][0]);
        await (await admin.PutAsJsonAsync("/admin/tenants/acme/overrides/billing", new { version = "v1" })).ReadProblemAsync(400);
        await (await admin.PutAsJsonAsync("/admin/rings/early/versions/contacts", new { version = "v7" })).ReadProblemAsync(400);
        await (await admin.PutAsJsonAsync("/admin/tenants/initech/ring", new { ring = "early" })).ReadProblemAsync(404);
        await (await admin.PutAsJsonAsync("/admin/tenants/acme/ring", new { ring = "canary" })).ReadProblemAsync(404);
        await (await admin.PutAsJsonAsync("/admin/rings/canary/versions/contacts", new { version = "v1" })).ReadProblemAsync(404);

        Assert.Equal(before, await admin.GetStringAsync("/admin/tenants"));
    }

    [Fact]
    public Task Two_admins_changing_one_tenant_at_once_one_wins_the_other_gets_412() => StackScenarios.TwoAdminsChangingOneTenantAtOnceOneWinsTheOtherGets412Async(stack);
}
