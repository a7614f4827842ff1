using Platform.AppHost.Services;
using Platform.AppHost.Store;
using Platform.Settings;

namespace Platform.AppHost.Dapr;

/// <summary>
/// Dapr mode: one daprd per project instance (every instance of every version, login, the gateway), the gateway
/// switched to Dapr service invocation and login to the Dapr state store. In direct mode (<see cref="Settings"/>
/// null) the same graph is composed without any of it.
/// </summary>
internal sealed record DaprSidecars(DaprSidecarSettings? Settings);

internal static class DaprSidecarsExtensions
{
    /// <summary>Chooses Dapr or direct mode (see <see cref="DaprModeChoice"/>) and says which on the console.</summary>
    public static DaprSidecars AddDaprMode(this IDistributedApplicationBuilder builder, PlatformStore store)
    {
        var choice = DaprModeChoice.Choose(builder.Configuration);
        Console.WriteLine(choice.Message);
        if (!choice.Enabled)
        {
            return new DaprSidecars(null);
        }

        var folder = Path.GetFullPath(builder.Settings<DaprOptions>().Folder is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.AppHostDirectory, "..", "dapr"));
        // The assignments component for the store in use: Redis, or state.sqlite over the embedded store's file.
        return new DaprSidecars(new DaprSidecarSettings(
            choice.DaprdPath!,
            [Path.Combine(folder, "components"), Path.Combine(folder, "stores", store.IsEmbedded ? "sqlite" : "redis")],
            Path.Combine(folder, "config.yaml"),
            store));
    }

    /// <summary>
    /// In Dapr mode, gives login or the gateway a sidecar with app-id <paramref name="appId"/>, waits for it, and
    /// switches the project to Dapr (<c>Dapr:Mode=On</c>): invocation by app-id, or the Dapr state store.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDaprSidecar(this IResourceBuilder<ProjectResource> project, DaprSidecars dapr, string appId, bool usesStateStore = false)
    {
        if (dapr.Settings is not { } settings)
        {
            return project;
        }

        var sidecar = project.AddDaprSidecar(appId, settings, usesStateStore);
        return project.WithSetting<DaprOptions>(nameof(DaprOptions.Mode), nameof(DaprMode.On)).WaitFor(sidecar);
    }

    /// <summary>In Dapr mode, gives every instance of a service version a sidecar with the version's app-id.</summary>
    public static ServiceVersions WithDaprSidecars(this ServiceVersions service, DaprSidecars dapr)
    {
        if (dapr.Settings is { } settings)
        {
            foreach (var instance in service.Instances)
            {
                instance.Project.AddDaprSidecar(instance.Version.AppId, settings, usesStateStore: false);
                // Calls to other services (PinnedServiceClient) go through this sidecar too.
                instance.Project.WithSetting<DaprOptions>(nameof(DaprOptions.Mode), nameof(DaprMode.On));
            }
        }

        return service;
    }
}
