using Platform.AppHost.Store;

namespace Platform.AppHost.Services;

internal static class ServiceKeyRing
{
    /// <summary>
    /// Gives every instance the shared Data Protection key ring, read-only (services create no keys), so it can check
    /// the caller token the gateway seals into each request.
    /// </summary>
    public static ServiceVersions WithKeyRing(this ServiceVersions service, PlatformStore store)
    {
        foreach (var instance in service.Instances)
        {
            instance.Project.WithKeyRing(store);
        }

        return service;
    }
}
