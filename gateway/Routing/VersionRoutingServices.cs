using OpenTelemetry.Metrics;
using Platform.Callers;
using Platform.Gateway.Telemetry;
using Platform.Gateway.Transport;
using Platform.Matrix;
using Platform.Settings;

namespace Platform.Gateway.Routing;

internal static class VersionRoutingServices
{
    public const string ForwardedRequestsClientDuration = "http.client.request.duration";

    /// <summary>YARP with the matrix's routes and clusters, the chosen transport, and the caller headers.</summary>
    public static IHostApplicationBuilder AddVersionRouting(this IHostApplicationBuilder builder, VersionMatrix matrix)
    {
        var transport = builder.AddVersionTransport();
        builder.Services.AddGatewayTokens();
        builder.Services.AddSingleton<GatewayMetrics>();
        // GatewayMetrics times every forward per version and instance. HttpClient's own histogram of the same requests
        // cost each an async frame and an aggregate update (README, Performance); it timed the gateway's few calls to
        // login besides, which go without it now.
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView(ForwardedRequestsClientDuration, MetricStreamConfiguration.Drop));
        builder.Services.AddReverseProxy()
            .LoadFromMemory(RouteTable.CreateRoutes(matrix), RouteTable.CreateClusters(matrix, transport, builder.AddSettings<ResilienceOptions>().LoginActivityTimeout))
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(context =>
            {
                GatewayOnlyHeadersTransform.Add(context);
                CallerHeadersTransform.Add(context);
                TraceContextTransform.Add(context);
                if (RouteTable.ServiceOf(context.Route) is not null)
                {
                    transport.AddTransforms(context);
                }
            });
        return builder;
    }
}
