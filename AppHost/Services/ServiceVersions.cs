using Platform.Matrix;
using Platform.Settings;

namespace Platform.AppHost.Services;

/// <summary>The instances the AppHost runs for every deployed version of one service of the matrix.</summary>
internal sealed record ServiceVersions(DeployedService Service, IReadOnlyList<ServiceVersionInstance> Instances);

/// <summary>One running instance (<c>contacts-v2-1</c>) of a deployed version.</summary>
internal sealed record ServiceVersionInstance(DeployedVersion Version, IResourceBuilder<ProjectResource> Project);

internal static class ServiceVersionsExtensions
{
    /// <summary>
    /// One project resource per instance of every deployed version of <paramref name="service"/>
    /// (<c>contacts-v2-1</c>, <c>contacts-v2-2</c>, ...), each told its version and instance name. One resource per
    /// instance, rather than replicas, so each instance is addressable by the gateway's load balancer and can get a
    /// sidecar of its own.
    /// </summary>
    public static ServiceVersions AddServiceVersions<TProject>(this IDistributedApplicationBuilder builder, VersionMatrix matrix, string service)
        where TProject : IProjectMetadata, new()
    {
        if (!matrix.TryGetService(service, out var deployed))
        {
            throw new SettingsException($"The AppHost runs the service '{service}', but {VersionMatrix.SectionName} does not declare it. Add it to the matrix in AppHost/appsettings.json.");
        }

        var instances = new List<ServiceVersionInstance>();
        foreach (var version in deployed.Versions.Values)
        {
            foreach (var instanceName in version.InstanceNames)
            {
                var project = builder.AddPlatformProject<TProject>(instanceName)
                    // Not behind Aspire's proxy, which accepts connections for an instance that is not running and
                    // holds them (handing them over, with their expired caller tokens, once it runs again). An instance
                    // that is down then refuses connections, as a stopped pod does, and the gateway fails over at once.
                    .WithEndpoint("http", endpoint => endpoint.IsProxied = false)
                    .WithSetting<ServiceOptions>(nameof(ServiceOptions.Version), version.Version)
                    .WithSetting<ServiceOptions>(nameof(ServiceOptions.Instance), instanceName);
                instances.Add(new ServiceVersionInstance(version, project));
            }
        }

        return new ServiceVersions(deployed, instances);
    }

    /// <summary>
    /// Lets the gateway reach every instance of every service (service discovery by instance name). The gateway
    /// routes to every service of the matrix, so a service the matrix declares but no project runs is an error here.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceVersions(this IResourceBuilder<ProjectResource> gateway, VersionMatrix matrix, params ServiceVersions[] services)
    {
        var missing = matrix.Services.Keys.Except(services.Select(s => s.Service.Name), StringComparer.OrdinalIgnoreCase).ToList();
        if (missing.Count > 0)
        {
            throw new SettingsException($"{VersionMatrix.SectionName} declares {string.Join(", ", missing)}, but the AppHost runs no project for it. Add builder.AddServiceVersions<Projects.X>(matrix, \"{missing[0]}\") to AppHost/Program.cs, or remove it from the matrix.");
        }

        foreach (var instance in services.SelectMany(s => s.Instances))
        {
            gateway.WithReference(instance.Project.GetEndpoint("http"));
        }

        return gateway;
    }
}
