using Platform.Callers;
using Platform.Gateway.Telemetry;
using Platform.Gateway.Transport;
using Platform.Matrix;
using Platform.Settings;

namespace Platform.Gateway.Routing;

internal static class VersionRoutingServices
{
    /// <summary>YARP with the matrix's routes and clusters, the chosen transport, and the caller headers.</summary>
    public static IHostApplicationBuilder AddVersionRouting(this IHostApplicationBuilder builder, VersionMatrix matrix)
    {
        var transport = builder.AddVersionTransport();
        builder.Services.AddGatewayTokens();
        builder.Services.AddSingleton<GatewayMetrics>();
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
