using System.Net.Http.Json;
using Microsoft.Net.Http.Headers;
using Platform.Callers;
using Platform.Drain;
using Platform.Sessions.Revocation;
using Platform.Settings;

namespace Platform.Gateway.LoginApi;

/// <summary>
/// The gateway's calls to login's internal endpoints (not routed by the gateway), each with the gateway's sealed
/// token for that use: the revocation feed, the drain view's traffic report, and re-sealing a re-pinned session.
/// </summary>
internal sealed class LoginInternalClient(HttpClient http, GatewayTokens tokens)
{
    public async Task<RevocationFeed> ReadRevocationsAsync(long after, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{RevocationKinds.FeedPath}?after={after}");
        request.Headers.Add(CallerHeaders.Gateway, tokens.ForRevocationFeed());
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<RevocationFeed>(ct)
            ?? throw new InvalidOperationException("Login answered the revocation feed with no body.");
    }

    public async Task ReportTrafficAsync(VersionTrafficReport report, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, VersionTrafficReport.ReportPath) { Content = JsonContent.Create(report) };
        request.Headers.Add(CallerHeaders.Gateway, tokens.ForTrafficReport());
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Sends one session's cookie (and nothing else) for login to re-seal; the caller reads the answer.</summary>
    public async Task<HttpResponseMessage> RepinAsync(string cookie, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, RevocationKinds.RepinPath);
        request.Headers.Add(CallerHeaders.Gateway, tokens.ForRepin());
        request.Headers.Add(HeaderNames.Cookie, cookie);
        return await http.SendAsync(request, ct);
    }
}

internal static class LoginInternalClientServices
{
    /// <summary>
    /// One client for login's internal endpoints, whichever feature asks first. No cookie container: a re-pin call
    /// carries one session's cookie, and a shared jar would send it with the next call.
    /// </summary>
    public static IHostApplicationBuilder AddLoginInternalClient(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(LoginInternalClient)))
        {
            return builder;
        }

        builder.Services.AddGatewayTokens();
        builder.Services.AddHttpClient<LoginInternalClient>(http => http.BaseAddress = new Uri($"http://{PlatformResources.Login}"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false });
        // The feed is read every second and traffic reported every few: at Information that would be several lines a
        // second (client handlers, Polly's attempts). Failures still show, and each feature logs when login is lost and back.
        builder.Logging.AddFilter($"System.Net.Http.HttpClient.{nameof(LoginInternalClient)}", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        return builder;
    }
}
