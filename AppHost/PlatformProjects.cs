using Microsoft.Extensions.Configuration;
using Platform.Matrix;

namespace Platform.AppHost;

internal static class PlatformProjects
{
    /// <summary>
    /// A project of the platform: its own HTTP endpoint on a free port (launch profiles would give every instance of a
    /// service the same port), the AppHost's environment name, and /health as its health check.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPlatformProject(this IDistributedApplicationBuilder builder, string name, string projectPath) =>
        builder.AddProject(name, projectPath, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(name: "http")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithHttpHealthCheck("/health")
            .WithOtlpExporter();

    /// <summary>Hands a project the version matrix, as configuration entries under <c>VersionMatrix</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithVersionMatrix(this IResourceBuilder<ProjectResource> project, VersionMatrix matrix)
    {
        foreach (var (key, value) in matrix.ToEnvironment())
        {
            project.WithEnvironment(key, value);
        }

        return project;
    }

    /// <summary>
    /// One project resource per instance of every deployed version (<c>contacts-v2-1</c>, <c>contacts-v2-2</c>, ...),
    /// each told its service, version and instance name. One resource per instance, rather than replicas, so each
    /// instance is addressable by the gateway's load balancer and can get a sidecar of its own.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddServiceVersions(this IDistributedApplicationBuilder builder, VersionMatrix matrix)
    {
        var instances = new List<IResourceBuilder<ProjectResource>>();
        foreach (var service in matrix.Services.Values)
        {
            var projectPath = service.Project
                ?? throw new InvalidOperationException($"VersionMatrix:{service.Name}:Project is not set: name the service's .csproj (relative to the AppHost).");
            foreach (var version in service.Versions.Values)
            {
                foreach (var instanceName in version.InstanceNames)
                {
                    instances.Add(builder.AddPlatformProject(instanceName, Path.Combine(builder.AppHostDirectory, projectPath))
                        .WithEnvironment("Service__Version", version.Version)
                        .WithEnvironment("Service__Instance", instanceName));
                }
            }
        }

        return instances;
    }
}

internal static class GatewayPort
{
    /// <summary>The gateway listens on <c>Gateway:Port</c> (8080 by default) so the README can say where to go; 0 picks a free port.</summary>
    public static IResourceBuilder<ProjectResource> WithGatewayPort(this IResourceBuilder<ProjectResource> gateway, IConfiguration configuration)
    {
        var port = configuration.GetValue("Gateway:Port", 8080);
        return port > 0 ? gateway.WithEndpoint("http", endpoint => endpoint.Port = port) : gateway;
    }
}
