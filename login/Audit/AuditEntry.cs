using Platform.Login.Assignments;

namespace Platform.Login.Audit;

/// <summary>The kinds of assignment change the audit trail records (the <c>change</c> field of an entry).</summary>
internal static class AuditChanges
{
    /// <summary>A tenant moved to another ring; before and after are rings.</summary>
    public const string TenantRing = "tenant-ring";

    /// <summary>A ring's version of a service; before is null when the ring did not name the service.</summary>
    public const string RingVersion = "ring-version";

    /// <summary>A tenant's override of a service set or cleared; null before or after means no override.</summary>
    public const string TenantOverride = "tenant-override";
}

/// <summary>
/// One assignment change as it was saved: who made it, when, what it changed from what to what, and why. Ids go up
/// by one per change (with gaps where a change was refused), so a higher id is a later change.
/// </summary>
/// <param name="Reverts">The id of the entry this change reverted, when it was a revert.</param>
internal sealed record AuditEntry(
    long Id, DateTimeOffset At, string Admin, string Change, string? Tenant, string? Ring, string? Service,
    string? Before, string? After, string? Reason, long? Reverts = null);

/// <summary>A change about to be saved, as its audit entry will describe it (the trail adds id, time and who).</summary>
internal sealed record AuditedChange(string Change, string? Tenant, string? Ring, string? Service, string? Before, string? After)
{
    public static AuditedChange TenantRing(string tenant, string before, string after) =>
        new(AuditChanges.TenantRing, tenant, null, null, before, after);

    public static AuditedChange RingVersion(string ring, string service, string? before, string after) =>
        new(AuditChanges.RingVersion, null, ring, service, before, after);

    public static AuditedChange TenantOverride(string tenant, string service, string? before, string? after) =>
        new(AuditChanges.TenantOverride, tenant, null, service, before, after);
}

/// <summary>What <c>GET /admin/audit</c> was asked for; null matches anything.</summary>
internal sealed record AuditFilter(string? Tenant = null, string? Ring = null, string? Service = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public bool Matches(AuditEntry entry) =>
        (Tenant is null || Same(entry.Tenant, Tenant))
        // A tenant's ring move concerns both rings: it took the tenant out of one and into the other.
        && (Ring is null || Same(entry.Ring, Ring) || (entry.Change == AuditChanges.TenantRing && (Same(entry.Before, Ring) || Same(entry.After, Ring))))
        && (Service is null || Same(entry.Service, Service))
        && (From is null || entry.At >= From)
        && (To is null || entry.At <= To);

    // Names are case-insensitive to people ("ACME" is "acme"), as store keys are.
    private static bool Same(string? stored, string wanted) => string.Equals(stored, wanted, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A page of entries, newest first; <see cref="Next"/> is the cursor for older ones (null: there are none).</summary>
internal sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? Next);

/// <summary>
/// The inverse of an audited change: what the changed thing must still hold for a revert to be safe (the entry's
/// <c>after</c>), and the document with the entry's <c>before</c> put back.
/// </summary>
internal static class AuditReversal
{
    /// <summary>What the thing the entry changed holds now, in the terms of the entry's before and after.</summary>
    public static string? CurrentValue(AuditEntry entry, TenantAssignment? tenant, RingAssignment? ring) => entry.Change switch
    {
        AuditChanges.TenantRing => tenant?.Ring,
        AuditChanges.TenantOverride => tenant?.Overrides.GetValueOrDefault(entry.Service!),
        AuditChanges.RingVersion => ring?.Versions.GetValueOrDefault(entry.Service!),
        _ => throw new InvalidDataException($"Audit entry {entry.Id} records an unknown change '{entry.Change}'."),
    };

    /// <summary>True when nothing changed the thing since the entry: its current value is still the entry's after.</summary>
    public static bool IsUnchangedSince(AuditEntry entry, TenantAssignment? tenant, RingAssignment? ring) =>
        string.Equals(CurrentValue(entry, tenant, ring), entry.After, StringComparison.Ordinal);

    public static TenantAssignment Revert(AuditEntry entry, TenantAssignment tenant) => entry.Change switch
    {
        AuditChanges.TenantRing => tenant with { Ring = entry.Before! },
        AuditChanges.TenantOverride => tenant with { Overrides = WithValue(tenant.Overrides, entry.Service!, entry.Before) },
        _ => throw new ArgumentException($"Audit entry {entry.Id} changed a ring, not a tenant.", nameof(entry)),
    };

    public static RingAssignment Revert(AuditEntry entry, RingAssignment ring) => entry.Change == AuditChanges.RingVersion
        ? ring with { Versions = WithValue(ring.Versions, entry.Service!, entry.Before) }
        : throw new ArgumentException($"Audit entry {entry.Id} changed a tenant, not a ring.", nameof(entry));

    /// <summary>The change a revert makes, described as any change is: from the entry's after back to its before.</summary>
    public static AuditedChange Inverse(AuditEntry entry) =>
        new(entry.Change, entry.Tenant, entry.Ring, entry.Service, entry.After, entry.Before);

    private static Dictionary<string, string> WithValue(IReadOnlyDictionary<string, string> values, string key, string? value)
    {
        var changed = values.Where(v => v.Key != key).ToDictionary();
        if (value is not null)
        {
            changed[key] = value;
        }

        return changed;
    }
}
