using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Callers;
using Platform.Matrix;
using Polly;

namespace Platform.Calls;

/// <summary>
/// Calls another service on behalf of the request being served, at the version the caller's session is pinned to:
/// the version comes from the caller token the gateway sealed (<see cref="Caller.Versions"/>), and that same token
/// goes with the call, so the callee knows the caller as the gateway vouched for it and nothing on the way can choose
/// another version. Call sites name the service and the path, nothing else.
/// </summary>
/// <remarks>
/// Requests go to <c>http://{service}-{version}/path</c>: in direct mode service discovery resolves that name to the
/// version's instances (round robin), in Dapr mode Dapr's <c>InvocationHandler</c> turns it into an invocation of that
/// app-id through the local sidecar (see <see cref="PinnedCalls.AddPinnedServiceClient"/>).
/// </remarks>
public sealed class PinnedServiceClient(HttpClient http, IHttpContextAccessor requests, VersionMatrix matrix, ILogger<CallLog> logger)
{
    /// <summary>
    /// Sends <paramref name="request"/> (its URI relative: the path as <paramref name="service"/> sees it) to the
    /// pinned version of <paramref name="service"/>. Throws <see cref="PinnedCallException"/> (a ProblemDetails when it
    /// reaches the endpoint) when there is no caller to act for, no deployed version of the service pinned, or no answer.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(string service, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        var target = Target(service);
        request.RequestUri = new Uri(new Uri($"http://{target.AppId}"), request.RequestUri ?? new Uri("/", UriKind.Relative));
        request.Headers.Remove(CallerHeaders.Token);
        request.Headers.TryAddWithoutValidation(CallerHeaders.Token, target.Token);
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or ExecutionRejectedException || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            CallLog.CallFailed(logger, service, target.Version, e.Message);
            throw new PinnedCallException(StatusCodes.Status503ServiceUnavailable, $"{service} {target.Version} did not answer",
                $"This request needs {service} {target.Version}, the version your session is pinned to, and it could not be reached. Try again shortly.", e);
        }
    }

    /// <summary>
    /// GETs <paramref name="path"/> from the pinned version of <paramref name="service"/> and reads its JSON; null when
    /// the service answers 404. Any other failure is a <see cref="PinnedCallException"/>.
    /// </summary>
    public async Task<T?> GetFromJsonAsync<T>(string service, string path, CancellationToken cancellationToken = default) where T : class
    {
        using var response = await SendAsync(service, new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)), cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            var version = Target(service).Version;
            CallLog.CallFailed(logger, service, version, $"answered {(int)response.StatusCode}");
            throw new PinnedCallException(StatusCodes.Status502BadGateway, $"{service} {version} failed",
                $"This request needs {service} {version}, which answered {(int)response.StatusCode}. Try again; if it persists, the operator should look at {service} {version}.");
        }

        return await response.Content.ReadFromJsonAsync<T>(cancellationToken);
    }

    private PinnedTarget Target(string service)
    {
        var context = requests.HttpContext
            ?? throw new InvalidOperationException("PinnedServiceClient calls on behalf of a request: use it while serving one.");
        if (context.GetCaller() is not { } caller)
        {
            CallLog.NoCaller(logger, service);
            throw new PinnedCallException(StatusCodes.Status401Unauthorized, "No caller",
                $"The request carries no valid {CallerHeaders.Token} token, so no version of {service} is pinned for it. Call services through the gateway.");
        }

        if (!caller.Versions.TryGetValue(service, out var version))
        {
            CallLog.NoPinnedVersion(logger, service, caller.Tenant);
            throw new PinnedCallException(StatusCodes.Status401Unauthorized, $"No version of {service} pinned",
                $"Your session was issued without a version of '{service}', which this request needs. Sign in again.");
        }

        if (!matrix.TryGetVersion(service, version, out var deployed))
        {
            CallLog.NoPinnedVersion(logger, service, caller.Tenant);
            throw new PinnedCallException(StatusCodes.Status401Unauthorized, $"{service} {version} retired",
                $"Your session is pinned to {service} {version}, which is no longer deployed. Sign in again to get the current version.");
        }

        return new PinnedTarget(deployed.AppId, version, context.Request.Headers[CallerHeaders.Token].ToString());
    }

    private sealed record PinnedTarget(string AppId, string Version, string Token);
}
