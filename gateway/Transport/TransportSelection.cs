using Platform.Settings;

namespace Platform.Gateway.Transport;

internal static class TransportSelection
{
    /// <summary>
    /// Direct mode (the default) balances over the instances itself; with <c>Dapr:Mode=On</c> (the AppHost sets it in
    /// Dapr mode) every service request goes through the local Dapr sidecar.
    /// </summary>
    public static IVersionTransport AddVersionTransport(this IHostApplicationBuilder builder)
    {
        var transport = Create(builder.AddSettings<DaprOptions>(), builder.Configuration, PlatformSettings.Read<ResilienceOptions>(builder.Configuration));
        builder.Services.AddSingleton(transport);
        return transport;
    }

    public static IVersionTransport Create(DaprOptions dapr, IConfiguration configuration, ResilienceOptions? resilience = null) =>
        dapr.Mode == DaprMode.On
            ? new DaprTransport(DaprTransport.SidecarAddress(configuration), DaprTransport.ApiToken(configuration))
            : new DirectTransport(resilience ?? new ResilienceOptions());
}
