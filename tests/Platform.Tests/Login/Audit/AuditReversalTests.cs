using Platform.Login.Assignments;
using Platform.Login.Audit;

namespace Platform.Tests.Login.Audit;

/// <summary>The inverse of each kind of change, and when a revert is refused: the thing no longer holds the entry's after.</summary>
public sealed class AuditReversalTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_ring_move_reverts_to_the_ring_before()
    {
        var entry = Entry(AuditedChange.TenantRing("globex", "stable", "early"));
        var tenant = new TenantAssignment("globex", "early", new Dictionary<string, string> { ["contacts"] = "v1" });

        Assert.True(AuditReversal.IsUnchangedSince(entry, tenant, null));
        var reverted = AuditReversal.Revert(entry, tenant);

        Assert.Equal("stable", reverted.Ring);
        Assert.Equal(tenant.Overrides, reverted.Overrides);
        Assert.Equal(AuditedChange.TenantRing("globex", "early", "stable"), AuditReversal.Inverse(entry));
    }

    [Fact]
    public void A_ring_move_changed_since_is_not_revertible()
    {
        var entry = Entry(AuditedChange.TenantRing("globex", "stable", "early"));

        Assert.False(AuditReversal.IsUnchangedSince(entry, new TenantAssignment("globex", "canary", new Dictionary<string, string>()), null));
        Assert.Equal("canary", AuditReversal.CurrentValue(entry, new TenantAssignment("globex", "canary", new Dictionary<string, string>()), null));
    }

    [Fact]
    public void A_set_override_reverts_to_no_override_and_a_cleared_one_comes_back()
    {
        var set = Entry(AuditedChange.TenantOverride("acme", "insights", null, "v1"));
        var withOverride = new TenantAssignment("acme", "early", new Dictionary<string, string> { ["insights"] = "v1", ["contacts"] = "v2" });
        Assert.True(AuditReversal.IsUnchangedSince(set, withOverride, null));
        Assert.Equal(new Dictionary<string, string> { ["contacts"] = "v2" }, AuditReversal.Revert(set, withOverride).Overrides);

        var cleared = Entry(AuditedChange.TenantOverride("acme", "insights", "v1", null));
        var without = new TenantAssignment("acme", "early", new Dictionary<string, string>());
        Assert.True(AuditReversal.IsUnchangedSince(cleared, without, null));
        Assert.Equal(new Dictionary<string, string> { ["insights"] = "v1" }, AuditReversal.Revert(cleared, without).Overrides);
        Assert.False(AuditReversal.IsUnchangedSince(cleared, withOverride, null));
    }

    [Fact]
    public void A_rings_version_reverts_and_a_version_the_ring_did_not_name_is_removed_again()
    {
        var changed = Entry(AuditedChange.RingVersion("stable", "insights", "v1", "v2"));
        var ring = new RingAssignment("stable", new Dictionary<string, string> { ["contacts"] = "v1", ["insights"] = "v2" });
        Assert.True(AuditReversal.IsUnchangedSince(changed, null, ring));
        Assert.Equal("v1", AuditReversal.Revert(changed, ring).Versions["insights"]);

        var added = Entry(AuditedChange.RingVersion("stable", "insights", null, "v2"));
        Assert.Equal(new Dictionary<string, string> { ["contacts"] = "v1" }, AuditReversal.Revert(added, ring).Versions);

        Assert.False(AuditReversal.IsUnchangedSince(changed, null, ring with { Versions = new Dictionary<string, string> { ["insights"] = "v1" } }));
    }

    [Fact]
    public void Filters_match_tenant_service_both_rings_of_a_move_and_the_time_range()
    {
        var move = Entry(AuditedChange.TenantRing("globex", "stable", "early"));
        var ringVersion = Entry(AuditedChange.RingVersion("early", "contacts", "v1", "v2"));

        Assert.True(new AuditFilter(Tenant: "GLOBEX").Matches(move));
        Assert.False(new AuditFilter(Tenant: "acme").Matches(move));
        Assert.True(new AuditFilter(Ring: "stable").Matches(move));
        Assert.True(new AuditFilter(Ring: "early").Matches(move));
        Assert.True(new AuditFilter(Ring: "early").Matches(ringVersion));
        Assert.False(new AuditFilter(Ring: "stable").Matches(ringVersion));
        Assert.True(new AuditFilter(Service: "contacts").Matches(ringVersion));
        Assert.False(new AuditFilter(Service: "contacts").Matches(move));
        Assert.True(new AuditFilter(From: At, To: At).Matches(move));
        Assert.False(new AuditFilter(From: At.AddSeconds(1)).Matches(move));
        Assert.False(new AuditFilter(To: At.AddSeconds(-1)).Matches(move));
    }

    private static AuditEntry Entry(AuditedChange change) =>
        new(7, At, "admin@platform.test", change.Change, change.Tenant, change.Ring, change.Service, change.Before, change.After, null);
}
