using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Gateway.LoginApi;
using Platform.Settings;

namespace Platform.Gateway.Drain;

internal static class DrainReporting
{
    /// <summary>
    /// The gateway's part of the drain view: last-request times kept in memory on the request path
    /// (by <see cref="Routing.PinnedVersionMiddleware"/>) and reported to login every few seconds (<see cref="TrafficReporter"/>).
    /// </summary>
    public static IHostApplicationBuilder AddDrainReporting(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<DrainOptions>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<VersionLastSeen>();
        // DrainLog says when reports are lost and back.
        builder.AddLoginInternalClient();
        builder.Services.AddHostedService<TrafficReporter>();
        return builder;
    }
}
