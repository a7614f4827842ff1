using Platform.Callers;
using Platform.Sessions.Revocation;

namespace Platform.Login.Sessions;

internal static class LoginSessions
{
    /// <summary>
    /// Ending sessions: login records revocations in the store (<see cref="RevocationStore"/>), serves them to the
    /// gateways (<see cref="RevocationFeedEndpoint"/>), and applies them to its own cookie checks (the admin API and
    /// <c>/auth/session</c> read the same cookie), refreshed from the store once a second.
    /// </summary>
    public static IHostApplicationBuilder AddLoginSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGatewayTokens();
        builder.Services.AddSingleton<RevocationStore>();
        builder.AddSessionRevocation<IHostApplicationBuilder, StoreFeed>();
        return builder;
    }

    // The refresher's source is the same store document the gateways read through login.
    private sealed class StoreFeed(RevocationStore store) : IRevocationSource
    {
        public Task<RevocationFeed> ReadAsync(long after, CancellationToken ct) => store.ReadAsync(after, ct);
    }
}
