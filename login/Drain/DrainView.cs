using Platform.Login.Assignments;
using Platform.Matrix;

namespace Platform.Login.Drain;

/// <summary>Puts the drain view together from what the store holds; no I/O, so every rule is testable on its own.</summary>
internal static class DrainView
{
    /// <param name="rings">By ring name, case-insensitive (tenants name their ring in any case).</param>
    public static IReadOnlyList<VersionDrainView> Compose(
        VersionMatrix matrix, IEnumerable<TenantAssignment> tenants, IReadOnlyDictionary<string, RingAssignment> rings,
        IReadOnlyDictionary<string, long> openSessions, VersionTrafficState traffic, DateTimeOffset now, TimeSpan staleAfter)
    {
        // Resolved exactly as sign-in resolves them, fallbacks to the default version included.
        var tenantsByAppId = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            foreach (var (service, version) in VersionResolver.Resolve(matrix, tenant, rings.GetValueOrDefault(tenant.Ring)))
            {
                var appId = DeployedVersion.AppIdOf(service, version);
                if (!tenantsByAppId.TryGetValue(appId, out var names))
                {
                    tenantsByAppId[appId] = names = new SortedSet<string>(StringComparer.Ordinal);
                }

                names.Add(tenant.Tenant);
            }
        }

        var freshReports = traffic.Gateways.Values.Where(g => now - g.ReportedAt <= staleAfter).ToList();
        return matrix.Services.Values.OrderBy(s => s.Name, StringComparer.Ordinal)
            .SelectMany(s => s.Versions.Values.OrderBy(v => v.Version, StringComparer.Ordinal))
            .Select(version =>
            {
                var open = openSessions.GetValueOrDefault(version.AppId);
                var resolving = tenantsByAppId.TryGetValue(version.AppId, out var names) ? names.ToList() : [];
                // The most pessimistic gateway: an instance one gateway cannot reach is worth seeing.
                var healthy = freshReports.Select(g => g.Versions.GetValueOrDefault(version.AppId)?.Healthy).OfType<int>().ToList();
                return new VersionDrainView(
                    version.Service, version.Version, version.AppId,
                    new InstancesView(healthy.Count > 0 ? healthy.Min() : null, version.Instances),
                    open, resolving,
                    traffic.LastRequests.TryGetValue(version.AppId, out var last) ? last : null,
                    Retirable: open == 0 && resolving.Count == 0);
            })
            .ToList();
    }
}
