using Microsoft.Extensions.Configuration;

namespace Platform.Sidecars;

/// <summary>Where a process finds its own Dapr sidecar, and the token its API wants.</summary>
public static class DaprSidecar
{
    /// <summary>
    /// The local sidecar's HTTP address, as the Dapr SDKs find it: <c>DAPR_HTTP_ENDPOINT</c>, else
    /// <c>http://127.0.0.1:{DAPR_HTTP_PORT}</c>, else Dapr's default port 3500.
    /// </summary>
    public static Uri HttpAddress(IConfiguration configuration)
    {
        if (configuration["DAPR_HTTP_ENDPOINT"] is { Length: > 0 } endpoint)
        {
            return new Uri(endpoint);
        }

        var port = configuration["DAPR_HTTP_PORT"] is { Length: > 0 } text
            ? int.TryParse(text, out var parsed) && parsed is > 0 and < 65536
                ? parsed
                : throw new InvalidOperationException($"DAPR_HTTP_PORT '{text}' is not a port number.")
            : 3500;
        return new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>The sidecar's API token, from the environment the AppHost (or the Dapr injector) gives the app.</summary>
    public static string? ApiToken(IConfiguration configuration) =>
        configuration[DaprTokens.ApiTokenVariable] is { Length: > 0 } token ? token : null;
}
