using Platform.AppHost.Store;
using Platform.Matrix;

namespace Platform.AppHost.Dapr;

/// <summary>
/// Dapr mode: one daprd per project instance (every instance of every version, login, the gateway), the gateway
/// switched to Dapr service invocation and login to the Dapr state store. Direct mode is the same graph without this.
/// </summary>
internal static class DaprSidecars
{
    public const string LoginAppId = "login";
    public const string GatewayAppId = "gateway";

    public static DaprChoice Choose(IDistributedApplicationBuilder builder, PlatformStore store)
    {
        var choice = DaprMode.Choose(builder.Configuration);
        Console.WriteLine(choice.Message);
        return choice;
    }

    public static void Add(
        IDistributedApplicationBuilder builder,
        DaprChoice choice,
        PlatformStore store,
        VersionMatrix matrix,
        IResourceBuilder<ProjectResource> login,
        IResourceBuilder<ProjectResource> gateway,
        IReadOnlyList<IResourceBuilder<ProjectResource>> serviceInstances)
    {
        if (!choice.Enabled)
        {
            return;
        }

        var folder = Path.GetFullPath(builder.Configuration["Dapr:Folder"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.AppHostDirectory, "..", "dapr"));
        // The assignments component for the store in use: Redis, or state.sqlite over the embedded store's file.
        var settings = new DaprSidecarSettings(
            choice.DaprdPath!,
            [Path.Combine(folder, "components"), Path.Combine(folder, "stores", store.IsEmbedded ? "sqlite" : "redis")],
            Path.Combine(folder, "config.yaml"),
            store);

        var appIds = matrix.AllVersions
            .SelectMany(version => version.InstanceNames.Select(instance => (instance, version.AppId)))
            .ToDictionary(pair => pair.instance, pair => pair.AppId, StringComparer.Ordinal);
        foreach (var instance in serviceInstances)
        {
            instance.AddDaprSidecar(appIds[instance.Resource.Name], settings, usesStateStore: false);
        }

        var loginSidecar = login.AddDaprSidecar(LoginAppId, settings, usesStateStore: true);
        login.WithEnvironment("Store__Kind", "dapr").WaitFor(loginSidecar);

        var gatewaySidecar = gateway.AddDaprSidecar(GatewayAppId, settings, usesStateStore: false);
        gateway.WithEnvironment("Gateway__Transport", "dapr").WaitFor(gatewaySidecar);
    }
}
