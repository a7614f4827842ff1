using Platform.Matrix;

namespace Platform.Login.Assignments;

/// <summary>Decides which version of each service a tenant's users get at sign-in.</summary>
public static class VersionResolver
{
    /// <summary>
    /// For every service in the matrix: the tenant's override if any, else its ring's version. A choice that is not
    /// deployed (a ring or override left pointing at a retired version, or a service the ring does not name yet)
    /// falls back to the service's default version, so a session is never sealed with a version nobody serves.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Resolve(VersionMatrix matrix, TenantAssignment tenant, RingAssignment? ring)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in matrix.Services.Values)
        {
            var wanted = tenant.Overrides.GetValueOrDefault(service.Name) ?? ring?.Versions.GetValueOrDefault(service.Name);
            versions[service.Name] = wanted is not null && service.Versions.TryGetValue(wanted, out var deployed)
                ? deployed.Version
                : service.DefaultVersion;
        }

        return versions;
    }
}
