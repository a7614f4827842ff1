using Platform.Matrix;
using Platform.Settings;

namespace Platform.AppHost;

internal static class PlatformProjects
{
    /// <summary>
    /// A project of the platform, by its generated metadata (so it is not built again at start) and started from its
    /// build output (<see cref="ProjectOutputs"/>): its own HTTP endpoint on a free port (launch profiles would give
    /// every instance of a service the same port), the AppHost's environment name, and /health as its health check.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPlatformProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
            .WithBuildOutput(new TProject())
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

    /// <summary>Hands a project one setting of <typeparamref name="T"/>; name the key with <c>nameof</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithSetting<T>(this IResourceBuilder<ProjectResource> project, string key, string value)
        where T : ISettings =>
        project.WithEnvironment(PlatformSettings.EnvironmentVariable<T>(key), value);

    /// <summary>Reads a settings section of the AppHost's own configuration, failing with every problem listed.</summary>
    public static T Settings<T>(this IDistributedApplicationBuilder builder) where T : class, ISettings, new() =>
        PlatformSettings.Read<T>(builder.Configuration);
}
