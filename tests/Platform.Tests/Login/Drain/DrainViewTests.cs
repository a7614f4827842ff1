using Platform.Drain;
using Platform.Login.Assignments;
using Platform.Login.Drain;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Login.Drain;

/// <summary>The drain view's rules: which tenants a version serves, when it is retirable, how gateway reports combine.</summary>
public sealed class DrainViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<string, RingAssignment> Rings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["early"] = new("early", new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v2" }),
        ["stable"] = new("stable", new Dictionary<string, string> { ["contacts"] = "v1", ["insights"] = "v1" }),
    };

    private static readonly TenantAssignment Acme = new("acme", "early", new Dictionary<string, string> { ["insights"] = "v1" });
    private static readonly TenantAssignment Globex = new("globex", "Early", new Dictionary<string, string>());

    [Fact]
    public void Tenants_are_listed_under_the_versions_their_sign_ins_resolve_to_overrides_first()
    {
        var view = Compose([Acme, Globex], Open());

        Assert.Equal(["acme", "globex"], Row(view, "contacts-v2").Tenants);
        Assert.Equal(["acme"], Row(view, "insights-v1").Tenants);
        Assert.Equal(["globex"], Row(view, "insights-v2").Tenants);
        Assert.Empty(Row(view, "contacts-v1").Tenants);
    }

    [Fact]
    public void A_ring_naming_a_version_that_is_not_deployed_falls_back_to_the_default_as_sign_in_does()
    {
        var canary = new TenantAssignment("initech", "canary", new Dictionary<string, string> { ["contacts"] = "v9" });
        var view = Compose([canary], Open());

        Assert.Equal(["initech"], Row(view, "contacts-v1").Tenants);
        Assert.Equal(["initech"], Row(view, "insights-v1").Tenants);
    }

    [Fact]
    public void Retirable_only_without_open_sessions_and_without_tenants()
    {
        var view = Compose([Acme, Globex], Open(("contacts-v1", 1)));

        Assert.False(Row(view, "contacts-v1").Retirable); // a session, no tenant
        Assert.False(Row(view, "contacts-v2").Retirable); // tenants, no session
        Assert.Equal(1, Row(view, "contacts-v1").OpenSessions);

        var drained = Compose([Acme, Globex], Open());
        Assert.True(Row(drained, "contacts-v1").Retirable);
        Assert.False(Row(drained, "insights-v1").Retirable);
    }

    [Fact]
    public void Every_version_of_the_matrix_is_a_row_with_its_app_id_and_instances()
    {
        var view = Compose([], Open());

        Assert.Equal(["contacts-v1", "contacts-v2", "insights-v1", "insights-v2"], view.Select(v => v.AppId));
        Assert.Equal(new InstancesView(null, 2), Row(view, "contacts-v2").Instances);
        Assert.Equal(new InstancesView(null, 1), Row(view, "insights-v1").Instances);
    }

    [Fact]
    public void Last_requests_of_several_gateways_merge_to_the_latest_in_any_order()
    {
        var early = Now.AddMinutes(-5);
        var late = Now.AddMinutes(-1);
        var state = VersionTrafficState.Empty;
        state = VersionTrafficStore.Merge(state, Report("g1", ("contacts-v2", late, null, null)), Now, StaleAfter);
        state = VersionTrafficStore.Merge(state, Report("g2", ("contacts-v2", early, null, null), ("contacts-v1", early, null, null)), Now, StaleAfter);
        state = VersionTrafficStore.Merge(state, Report("g2", ("contacts-v2", null, null, null)), Now, StaleAfter);

        var view = Compose([], Open(), state);
        Assert.Equal(late, Row(view, "contacts-v2").LastRequest);
        Assert.Equal(early, Row(view, "contacts-v1").LastRequest);
        Assert.Null(Row(view, "insights-v1").LastRequest);
    }

    [Fact]
    public void Instances_in_rotation_are_the_fewest_any_fresh_gateway_reports_and_stale_reports_are_left_out()
    {
        var state = VersionTrafficState.Empty;
        state = VersionTrafficStore.Merge(state, Report("gone", ("contacts-v2", null, 0, 2)), Now.AddMinutes(-1), StaleAfter);
        state = VersionTrafficStore.Merge(state, Report("g1", ("contacts-v2", null, 2, 2)), Now, StaleAfter);
        state = VersionTrafficStore.Merge(state, Report("g2", ("contacts-v2", null, 1, 2)), Now, StaleAfter);
        state = VersionTrafficStore.Merge(state, Report("g2", ("contacts-v2", null, 2, 2)), Now, StaleAfter);

        Assert.Equal(["g1", "g2"], state.Gateways.Keys.Order());
        Assert.Equal(new InstancesView(2, 2), Row(Compose([], Open(), state), "contacts-v2").Instances);

        var withSlowGateway = VersionTrafficStore.Merge(state, Report("g3", ("contacts-v2", null, 1, 2)), Now, StaleAfter);
        Assert.Equal(new InstancesView(1, 2), Row(Compose([], Open(), withSlowGateway), "contacts-v2").Instances);
        Assert.Equal(new InstancesView(null, 2), Row(Compose([], Open(), withSlowGateway, Now.AddMinutes(1)), "contacts-v2").Instances);
    }

    private static IReadOnlyList<VersionDrainView> Compose(
        IEnumerable<TenantAssignment> tenants, Dictionary<string, long> open, VersionTrafficState? traffic = null, DateTimeOffset? now = null) =>
        DrainView.Compose(TestMatrix.Create(), tenants, Rings, open, traffic ?? VersionTrafficState.Empty, now ?? Now, StaleAfter);

    private static VersionDrainView Row(IReadOnlyList<VersionDrainView> view, string appId) => view.Single(v => v.AppId == appId);

    private static Dictionary<string, long> Open(params (string AppId, long Count)[] counts) => counts.ToDictionary(c => c.AppId, c => c.Count);

    private static VersionTrafficReport Report(string gateway, params (string AppId, DateTimeOffset? Last, int? Healthy, int? Total)[] versions) =>
        new(gateway, versions.ToDictionary(v => v.AppId, v => new VersionTraffic(v.Last, v.Healthy, v.Total)));
}
