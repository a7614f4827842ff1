using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Problems;

namespace Platform.Sidecars;

/// <summary>
/// Dapr's app token check, for an app reached only through its sidecar (a service version): with
/// <c>APP_API_TOKEN</c> set, a request must carry it in <c>dapr-api-token</c>, which the sidecar adds to everything it
/// delivers. Anything else reached the app's port some other way and gets 401. The health probes stay open: the
/// AppHost, Kubernetes and the sidecar's app health check probe them without a token.
/// </summary>
public static class SidecarAppToken
{
    /// <summary>Checks the app token when <c>APP_API_TOKEN</c> is set; does nothing otherwise (direct mode).</summary>
    public static WebApplication UseSidecarAppToken(this WebApplication app)
    {
        if (app.Configuration[DaprTokens.AppTokenVariable] is not { Length: > 0 } token)
        {
            return app;
        }

        var expected = Encoding.UTF8.GetBytes(token);
        var logger = app.Services.GetRequiredService<ILogger<SidecarLog>>();
        SidecarLog.AppTokenRequired(logger);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (Microsoft.Extensions.Hosting.Extensions.IsHealthProbe(request.Path) || Presented(request) is { } presented && CryptographicOperations.FixedTimeEquals(expected, presented))
            {
                await next(context);
                return;
            }

            SidecarLog.RequestWithoutAppToken(logger, request.Method, request.Path.Value ?? "/", request.Headers.ContainsKey(DaprTokens.Header));
            await context.WriteProblemAsync(StatusCodes.Status401Unauthorized, "Not from the sidecar",
                "This service is reached only through its Dapr sidecar, which authenticates itself with the app token. Call it through the gateway.");
        });
        return app;
    }

    private static byte[]? Presented(HttpRequest request) =>
        request.Headers[DaprTokens.Header] is [{ } value] ? Encoding.UTF8.GetBytes(value) : null;
}

/// <summary>The app token check; also the log category (<c>ILogger&lt;SidecarLog&gt;</c>). Tokens are never logged.</summary>
public sealed partial class SidecarLog
{
    private SidecarLog()
    {
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Requests must come from the Dapr sidecar: APP_API_TOKEN is set, so every request but the health probes needs it.")]
    public static partial void AppTokenRequired(ILogger logger);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "{Method} {Path} refused with 401: no valid app token (token header sent: {TokenSent}).")]
    public static partial void RequestWithoutAppToken(ILogger logger, string method, string path, bool tokenSent);
}
