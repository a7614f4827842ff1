using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Callers;
using Platform.Sessions;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Security;

/// <summary>What an attacker (or a test) does beside the gateway: reach processes directly, hold the key ring.</summary>
internal static class SecurityProbes
{
    /// <summary>A client straight to a resource's own endpoint, bypassing the gateway.</summary>
    public static HttpClient Direct(this StackFixture stack, string resource) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = stack.App.GetEndpoint(resource, "http"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The gateway's token maker on this stack's key ring: what a process holding the ring could make.</summary>
    public static async Task<GatewayTokens> TokensWithTheKeyRingAsync(this StackFixture stack)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(await stack.KeyRingConfigurationAsync());
        builder.AddPlatformSession();
        builder.Services.AddGatewayTokens();
        // Kept alive for the test run: the tokens hold the host's protectors.
        var host = builder.Build();
        return host.Services.GetRequiredService<GatewayTokens>();
    }

    /// <summary>Sends a request with only the given session cookie.</summary>
    public static async Task<HttpResponseMessage> SendWithCookieAsync(this StackFixture stack, HttpMethod method, string path, string cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = stack.GatewayAddress };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"{SessionExtensions.CookieName}={cookie}");
        if (method != HttpMethod.Get)
        {
            // JSON, as the web app sends it: sign-out refuses the content types a cross-site form could send.
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }

    /// <summary>Asks until the answer is <paramref name="expected"/> or <paramref name="within"/> has passed; returns the last answer.</summary>
    public static async Task<HttpResponseMessage> EventuallyAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var response = await send();
            if (response.StatusCode == expected || DateTime.UtcNow > until)
            {
                return response;
            }

            await Task.Delay(200);
        }
    }
}
