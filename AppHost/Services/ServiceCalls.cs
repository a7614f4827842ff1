using Platform.AppHost.Dapr;
using Platform.Matrix;
using Platform.AppHost;
using Platform.Settings;

namespace Platform.AppHost.Services;

internal static class ServiceCallsExtensions
{
    /// <summary>
    /// Lets every service reach the services its matrix entry <c>Calls</c>, at any of their versions (which one is
    /// the caller's pin, decided per request by <c>PinnedServiceClient</c>). Direct mode: each instance of the caller
    /// gets the version-level service-discovery name of every callee version, <c>services:{service}-{version}:http:N</c>
    /// with one entry per instance, so a call spreads over that version's instances. Dapr mode: nothing here; calls go
    /// through the caller's sidecar by app-id.
    /// </summary>
    public static void WithServiceCalls(this DaprSidecars dapr, VersionMatrix matrix, params ServiceVersions[] services)
    {
        var byName = services.ToDictionary(s => s.Service.Name, StringComparer.OrdinalIgnoreCase);
        if (matrix.Services.Values.FirstOrDefault(s => s.Calls.Count > 0 && !byName.ContainsKey(s.Name)) is { } unwired)
        {
            throw new SettingsException($"{VersionMatrix.SectionName}:{unwired.Name}:Calls names {string.Join(", ", unwired.Calls)}, but {unwired.Name} is not passed to WithServiceCalls in AppHost/Program.cs. Add it there.");
        }

        foreach (var caller in services.Where(s => s.Service.Calls.Count > 0))
        {
            foreach (var instance in caller.Instances)
            {
                // Its client checks pins against the matrix and warms up every instance of the versions it may call.
                instance.Project.WithVersionMatrix(matrix);
            }

            foreach (var callee in caller.Service.Calls)
            {
                if (!byName.TryGetValue(callee, out var called))
                {
                    throw new SettingsException($"{VersionMatrix.SectionName}:{caller.Service.Name}:Calls names {callee}, but it is not passed to WithServiceCalls in AppHost/Program.cs. Add it there.");
                }

                if (dapr.Settings is not null)
                {
                    continue;
                }

                foreach (var instance in caller.Instances)
                {
                    foreach (var version in called.Instances.GroupBy(i => i.Version))
                    {
                        var index = 0;
                        foreach (var target in version)
                        {
                            instance.Project.WithEnvironment($"services__{version.Key.AppId}__http__{index++}", target.Project.GetEndpoint("http"));
                        }
                    }
                }
            }
        }
    }
}
