using Platform.Gateway.LoginApi;
using Platform.Sessions.Revocation;
using Platform.Settings;

namespace Platform.Gateway.Sessions;

internal static class GatewaySessions
{
    /// <summary>
    /// Ended sessions stop at the gateway: it reads login's revocation feed once a second into memory and rejects
    /// revoked cookies while validating them (see <see cref="SessionRevocation"/>), with no store read per request.
    /// </summary>
    public static IHostApplicationBuilder AddGatewaySessions(this IHostApplicationBuilder builder)
    {
        // RevocationLog says when the feed is lost and back.
        builder.AddLoginInternalClient();
        builder.AddSessionRevocation<IHostApplicationBuilder, LoginFeedSource>();

        // Re-pinning: one call to login per session that is due, bounded by Resilience:RepinTimeout since the request
        // waits for it.
        builder.AddSettings<ResilienceOptions>();
        builder.Services.AddSingleton<SessionRepin>();
        return builder;
    }

    private sealed class LoginFeedSource(LoginInternalClient login) : IRevocationSource
    {
        public Task<RevocationFeed> ReadAsync(long after, CancellationToken ct) => login.ReadRevocationsAsync(after, ct);
    }
}
