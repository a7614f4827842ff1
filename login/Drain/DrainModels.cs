namespace Platform.Login.Drain;

/// <summary>One deployed version as the drain view shows it: what still uses it, and whether it can be retired.</summary>
/// <param name="Instances">Instances in rotation as the gateways see them, of those the matrix deploys.</param>
/// <param name="OpenSessions">Sessions issued, not expired and not ended, pinned to this version.</param>
/// <param name="Tenants">Tenants whose new sign-ins get this version (their override, else their ring's version).</param>
/// <param name="LastRequest">When a request last reached it through any gateway; null if none was seen.</param>
/// <param name="Retirable">True only when no open session is pinned to it and no tenant's sign-in resolves to it.</param>
public sealed record VersionDrainView(
    string Service, string Version, string AppId, InstancesView Instances, long OpenSessions,
    IReadOnlyList<string> Tenants, DateTimeOffset? LastRequest, bool Retirable);

/// <param name="Healthy">The fewest in rotation at any gateway that reported recently; null when none did (or in Dapr mode, where the sidecars balance).</param>
/// <param name="Total">Instances the version matrix deploys.</param>
public sealed record InstancesView(int? Healthy, int Total);
