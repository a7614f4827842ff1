namespace Platform.Settings;

/// <summary>Section <c>Gateway</c> (AppHost).</summary>
public sealed class GatewayOptions : ISettings
{
    public static string Section => "Gateway";

    /// <summary>The gateway's port, so the README can say where to go; 0 picks a free one.</summary>
    public int Port { get; set; } = 8080;

    public IEnumerable<string> Problems()
    {
        if (Port is < 0 or > 65535)
        {
            yield return $"Port must be 0 (any free port) or a port number up to 65535, not {Port}.";
        }
    }
}
