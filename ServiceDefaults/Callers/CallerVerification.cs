using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.Sessions;

namespace Platform.Callers;

public static class CallerVerification
{
    /// <summary>
    /// For a service behind the gateway: checks the caller token on every request that asks for a caller. The
    /// service joins the platform's key ring through the session setup, as a reader: it creates no keys, and whatever
    /// protects the ring (storage, encryption at rest) applies here too. It never sees a session cookie: the gateway
    /// does not forward it.
    /// </summary>
    public static TBuilder AddCallerVerification<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddPlatformSession();
        builder.Services.AddGatewayTokens();
        return builder;
    }

    /// <summary>For processes that already share the key ring (the gateway, login): make and check gateway tokens.</summary>
    public static IServiceCollection AddGatewayTokens(this IServiceCollection services)
    {
        services.TryAddSingleton<GatewayTokens>();
        return services;
    }
}
