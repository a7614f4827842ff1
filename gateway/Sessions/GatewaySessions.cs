using System.Net.Http.Json;
using Platform.Callers;
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
        builder.Services.AddGatewayTokens();
        builder.Services.AddHttpClient<LoginFeed>(http => http.BaseAddress = new Uri($"http://{PlatformResources.Login}"));
        // A poll a second would otherwise log several lines a second at Information (client handlers, Polly's
        // attempts); failures still show, and RevocationLog says when the feed is lost and back.
        builder.Logging.AddFilter($"System.Net.Http.HttpClient.{nameof(LoginFeed)}", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.AddSessionRevocation<IHostApplicationBuilder, LoginFeedSource>();

        // Re-pinning: one call to login per session that is due (bounded by Resilience:RepinTimeout, since the request
        // waits for it), and never a cookie container: each call carries one session's cookie, and a shared jar would
        // send it with the next. Named: another typed client is also called LoginClient.
        builder.AddSettings<ResilienceOptions>();
        builder.Services.AddSingleton<SessionRepin>();
        builder.Services.AddHttpClient<SessionRepin.LoginClient>("login-repin", http => http.BaseAddress = new Uri($"http://{PlatformResources.Login}"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false });
        return builder;
    }

    /// <summary>Login's internal feed endpoint, called with the gateway's sealed token.</summary>
    internal sealed class LoginFeed(HttpClient http, GatewayTokens tokens)
    {
        public async Task<RevocationFeed> ReadAsync(long after, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{RevocationKinds.FeedPath}?after={after}");
            request.Headers.Add(CallerHeaders.Gateway, tokens.ForRevocationFeed());
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<RevocationFeed>(ct)
                ?? throw new InvalidOperationException("Login answered the revocation feed with no body.");
        }
    }

    private sealed class LoginFeedSource(LoginFeed feed) : IRevocationSource
    {
        public Task<RevocationFeed> ReadAsync(long after, CancellationToken ct) => feed.ReadAsync(after, ct);
    }
}
