using System.Net;
using System.Net.Http.Json;
using Platform.Stack.Tests.Infrastructure;
using Platform.Stack.Tests.Security;

namespace Platform.Stack.Tests.Drain;

public sealed record InstancesRow(int? Healthy, int Total);

public sealed record VersionRow(string Service, string Version, string AppId, InstancesRow Instances, long OpenSessions, string[] Tenants, DateTimeOffset? LastRequest, bool Retirable);

/// <summary>
/// <c>GET /admin/versions</c> on the whole stack (Redis): counts come from the store login writes at sign-in and
/// sign-out, tenants from the assignments, last requests from the gateway's periodic report.
/// </summary>
/// <remarks>
/// The stack is shared with other test classes, whose sessions stay open: tests compare counts before and after,
/// and where a version must have no session at all they first end every session of the demo tenants' users
/// (disabling and enabling a user ends its sessions, which also takes them out of the count).
/// </remarks>
[Collection(StackCollection.Name)]
public sealed class DrainViewTests(StackFixture stack)
{
    /// <summary>The gateway reports every 2 s (<c>Drain:ReportInterval</c>); a report may take a moment to be stored.</summary>
    private static readonly TimeSpan ReportWithin = TimeSpan.FromSeconds(2) * 2 + TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Sign_ins_raise_the_count_of_exactly_the_pinned_versions_and_sign_out_lowers_it()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var before = await ViewAsync(admin);

        using var alice = await stack.SignInAsync("alice@acme.test");
        var afterAlice = await ViewAsync(admin);
        Assert.Equal(Counts(before, ("contacts-v2", 1), ("insights-v2", 1)), Counts(afterAlice));

        using var bob = await stack.SignInAsync("bob@globex.test");
        var afterBob = await ViewAsync(admin);
        Assert.Equal(Counts(afterAlice, ("contacts-v1", 1), ("insights-v1", 1)), Counts(afterBob));

        Assert.Equal(HttpStatusCode.NoContent, (await alice.PostAsJsonAsync("/auth/logout", new { })).StatusCode);
        Assert.Equal(Counts(afterBob, ("contacts-v2", -1), ("insights-v2", -1)), Counts(await ViewAsync(admin)));
    }

    [Fact]
    public async Task A_version_no_tenant_resolves_to_and_with_no_open_session_is_retirable()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        await EndAllSessionsOfAsync(admin, "alice@acme.test");
        await EndAllSessionsOfAsync(admin, "bob@globex.test");

        var served = Row(await ViewAsync(admin), "insights-v2");
        Assert.Equal(["acme"], served.Tenants);
        Assert.False(served.Retirable);

        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.ChangeTenantAsync(HttpMethod.Put, "acme", "overrides/insights", new { version = "v1" })).StatusCode);

            var drained = Row(await ViewAsync(admin), "insights-v2");
            Assert.Empty(drained.Tenants);
            Assert.Equal(0, drained.OpenSessions);
            Assert.True(drained.Retirable);
            Assert.False(Row(await ViewAsync(admin), "insights-v1").Retirable);
        }
        finally
        {
            await admin.ChangeTenantAsync(HttpMethod.Delete, "acme", "overrides/insights");
        }
    }

    [Fact]
    public async Task After_moving_a_tenant_the_old_version_is_not_retirable_while_its_session_is_open()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        await EndAllSessionsOfAsync(admin, "alice@acme.test");
        await EndAllSessionsOfAsync(admin, "bob@globex.test");
        using var bob = await stack.SignInAsync("bob@globex.test");
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "early" })).StatusCode);

            var moved = Row(await ViewAsync(admin), "contacts-v1");
            Assert.Empty(moved.Tenants);
            Assert.Equal(1, moved.OpenSessions);
            Assert.False(moved.Retirable);
            Assert.Equal("v1", (await bob.GetInfoAsync("contacts")).Version);

            Assert.Equal(HttpStatusCode.NoContent, (await bob.PostAsJsonAsync("/auth/logout", new { })).StatusCode);
            var drained = Row(await ViewAsync(admin), "contacts-v1");
            Assert.Equal(0, drained.OpenSessions);
            Assert.True(drained.Retirable);
        }
        finally
        {
            await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "stable" });
        }
    }

    [Fact]
    public async Task Last_request_and_instances_show_a_routed_request_within_the_report_interval()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        using var alice = await stack.SignInAsync("alice@acme.test");
        // The stack's processes run on this machine's clock; a second of slack for rounding.
        var sent = DateTimeOffset.UtcNow.AddSeconds(-1);
        Assert.Equal("v2", (await alice.GetInfoAsync("contacts")).Version);

        var deadline = DateTime.UtcNow + ReportWithin;
        VersionRow row;
        do
        {
            row = Row(await ViewAsync(admin), "contacts-v2");
            if (row.LastRequest >= sent)
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.True(row.LastRequest >= sent, $"contacts-v2's last request is {row.LastRequest:O}, not after {sent:O}, {ReportWithin.TotalSeconds} s after the request.");
        Assert.Equal(2, row.Instances.Total);
        Assert.InRange(row.Instances.Healthy ?? -1, 0, 2);
    }

    [Fact]
    public async Task Instances_in_rotation_are_the_gateways_view_of_each_version()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");

        // A freshly started instance joins the rotation once the gateway's active health check has seen it answer
        // (every 2 s), so a just-started stack may show fewer for a moment.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        VersionRow[] view;
        do
        {
            view = await ViewAsync(admin);
            if (view.All(v => v.Instances.Healthy == v.Instances.Total))
            {
                break;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(
            [("contacts-v1", 2, 2), ("contacts-v2", 2, 2), ("insights-v1", 1, 1), ("insights-v2", 1, 1)],
            view.Select(v => (v.AppId, v.Instances.Healthy ?? -1, v.Instances.Total)));
    }

    private static async Task<VersionRow[]> ViewAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/admin/versions");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /admin/versions answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<VersionRow[]>();
    }

    private static VersionRow Row(VersionRow[] view, string appId) => view.Single(v => v.AppId == appId);

    private static Dictionary<string, long> Counts(VersionRow[] view, params (string AppId, long Change)[] changes)
    {
        var counts = view.ToDictionary(v => v.AppId, v => v.OpenSessions);
        foreach (var (appId, change) in changes)
        {
            counts[appId] += change;
        }

        return counts;
    }

    /// <summary>Disabling a user ends every session they have open; enabling them again lets them sign in.</summary>
    private static async Task EndAllSessionsOfAsync(HttpClient admin, string user)
    {
        foreach (var disabled in new[] { true, false })
        {
            var current = await (await admin.GetAsync($"/admin/users/{user}")).ReadAsync<UserView>();
            var response = await admin.PutWithETagAsync($"/admin/users/{user}/disabled", new { disabled }, current.ETag);
            Assert.True(response.IsSuccessStatusCode, $"PUT /admin/users/{user}/disabled answered {(int)response.StatusCode}");
        }
    }
}
