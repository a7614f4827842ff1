using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Sessions.Revocation;

public static class SessionRevocation
{
    /// <summary>
    /// Ends revoked sessions in this process: the cookie handler's <c>OnValidatePrincipal</c> (which runs once per
    /// request that carries a session cookie) rejects a principal the in-memory <see cref="RevocationSet"/> names; the
    /// request is then anonymous and gets the usual 401. The set is refreshed from <typeparamref name="TSource"/>
    /// about once a second, and the process reports unhealthy until it has read the feed once.
    /// Call after <see cref="SessionExtensions.AddPlatformSession{TBuilder}"/>.
    /// </summary>
    public static TBuilder AddSessionRevocation<TBuilder, TSource>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
        where TSource : class, IRevocationSource
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RevocationSet>();
        builder.Services.AddSingleton<IRevocationSource, TSource>();
        builder.Services.AddHostedService<RevocationRefresher>();
        builder.Services.AddHealthChecks().AddCheck<RevocationFeedLoaded>("revocation-feed");
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<RevocationSet, ILogger<RevocationLog>>((options, set, logger) =>
            {
                var previous = options.Events.OnValidatePrincipal;
                options.Events.OnValidatePrincipal = async context =>
                {
                    await previous(context);
                    if (context.Principal is { } principal && set.IsRevoked(principal, context.Properties.IssuedUtc))
                    {
                        RevocationLog.SessionRefused(logger, principal.Identity?.Name ?? "(unknown)");
                        context.RejectPrincipal();
                    }
                };
            });
        return builder;
    }

    private sealed class RevocationFeedLoaded(RevocationSet set) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(set.IsLoaded
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The session revocation feed has not been read yet."));
    }
}
