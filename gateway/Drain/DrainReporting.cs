using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Callers;
using Platform.Settings;

namespace Platform.Gateway.Drain;

internal static class DrainReporting
{
    /// <summary>
    /// The gateway's part of the drain view: last-request times kept in memory on the request path
    /// (<see cref="LastSeenMiddleware"/>) and reported to login every few seconds (<see cref="TrafficReporter"/>).
    /// </summary>
    public static IHostApplicationBuilder AddDrainReporting(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<DrainOptions>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddGatewayTokens();
        builder.Services.AddSingleton<VersionLastSeen>();
        builder.Services.AddHttpClient<TrafficReporter.LoginClient>(http => http.BaseAddress = new Uri($"http://{PlatformResources.Login}"));
        // A report every few seconds would otherwise log several lines each time at Information; failures still
        // show, and DrainLog says when reports are lost and back.
        builder.Logging.AddFilter($"System.Net.Http.HttpClient.{nameof(TrafficReporter.LoginClient)}", LogLevel.Warning);
        builder.Services.AddHostedService<TrafficReporter>();
        return builder;
    }
}
