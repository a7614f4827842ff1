using Platform.Settings;

namespace Platform.AppHost;

internal static class GatewayPort
{
    /// <summary>The gateway listens on <c>Gateway:Port</c> (8080 by default) so the README can say where to go; 0 picks a free port.</summary>
    public static IResourceBuilder<ProjectResource> WithGatewayPort(this IResourceBuilder<ProjectResource> gateway)
    {
        var port = gateway.ApplicationBuilder.Settings<GatewayOptions>().Port;
        return port > 0 ? gateway.WithEndpoint("http", endpoint => endpoint.Port = port) : gateway;
    }
}
