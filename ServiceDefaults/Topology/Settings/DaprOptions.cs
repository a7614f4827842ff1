namespace Platform.Settings;

public enum DaprMode
{
    /// <summary>AppHost only: Dapr mode when a daprd is found, direct mode otherwise.</summary>
    Auto,

    /// <summary>Sidecars: the gateway invokes service versions by app-id, login uses the Dapr state store.</summary>
    On,

    /// <summary>Direct mode: the gateway calls the instances itself, login uses its store directly.</summary>
    Off,
}

/// <summary>
/// Section <c>Dapr</c>. The AppHost reads all of it and hands login and the gateway <see cref="Mode"/> (<c>On</c> or
/// <c>Off</c>); they find their sidecar through Dapr's own <c>DAPR_HTTP_PORT</c> / <c>DAPR_GRPC_PORT</c>.
/// </summary>
public sealed class DaprOptions : ISettings
{
    public static string Section => "Dapr";

    public DaprMode Mode { get; set; } = DaprMode.Auto;

    /// <summary>A specific daprd (AppHost; else <c>daprd</c> on PATH, else <c>~/.dapr/bin/daprd</c>).</summary>
    public string? DaprdPath { get; set; }

    /// <summary>The components and configuration folder (AppHost; default <c>dapr/</c>).</summary>
    public string? Folder { get; set; }

    public IEnumerable<string> Problems() => [];
}
