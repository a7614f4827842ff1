using Dapr.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Matrix;
using Platform.Settings;
using Platform.Sidecars;

namespace Platform.Calls;

public static class PinnedCalls
{
    /// <summary>
    /// Registers <see cref="PinnedServiceClient"/>: calls to other services at the version pinned for the caller of
    /// the request being served. Direct mode: <c>http://{service}-{version}</c> goes through service discovery (the
    /// AppHost hands the service <c>services:{service}-{version}:http:N</c> for every instance of the versions it may
    /// call; the default selector spreads calls round robin). Dapr mode (<c>Dapr:Mode=On</c>): Dapr's
    /// <see cref="InvocationHandler"/> sends it to the local sidecar as an invocation of app-id
    /// <c>{service}-{version}</c>, with the sidecar's API token.
    /// </summary>
    public static TBuilder AddPinnedServiceClient<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var dapr = builder.AddSettings<DaprOptions>();
        // The matrix says which versions are deployed (a pin to a retired one is refused) and whom to warm up for.
        builder.AddVersionMatrix();
        builder.Services.AddHostedService<PinnedCallWarmup>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddExceptionHandler<PinnedCallExceptionHandler>();
        var client = builder.Services.AddHttpClient<PinnedServiceClient>();
        if (dapr.Mode == DaprMode.On)
        {
            var sidecar = DaprSidecar.HttpAddress(builder.Configuration);
            // The handler reads DAPR_API_TOKEN from the environment itself, where the AppHost (or the injector) puts it.
            client.AddHttpMessageHandler(() => new InvocationHandler { DaprEndpoint = sidecar.ToString() });
        }

        return builder;
    }
}
