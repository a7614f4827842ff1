using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Platform.Gateway.Routing;
using Platform.Gateway.Telemetry;
using Platform.Matrix;
using Platform.Problems;
using Platform.Settings;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Resilience;

/// <summary>
/// In the proxy pipeline, after the version is chosen and before load balancing: an idempotent request (GET, HEAD,
/// or one with a body that the service declares safe to replay in the version matrix, <see cref="DeployedService.Replayable"/>)
/// that an instance failed to take is sent once more, through the same load balancing, to the other available
/// instances of the <b>same</b> version cluster; whatever still fails, or finds no instance, answers a 503
/// ProblemDetails that names the service and version (or the sign-in service) instead of YARP's bare 502/503.
/// The attempt after which nothing else can be tried (a request that cannot be replayed, the retry, or the first
/// when the version has one instance in rotation) may wait longer for its answer: <see cref="LastAttemptClusters"/>.
/// </summary>
/// <remarks>
/// YARP has no retry of its own; it documents replaying a request by calling the rest of the proxy pipeline again,
/// which is what this does: balancing, passive health and forwarding stay YARP's. The failed instance is excluded
/// explicitly (passive health has just marked it, but the available list was taken before). Other requests with a
/// body are never replayed: the instance may have applied them before failing. A replayable body is buffered (as
/// YARP's retry sample does) so it can be sent again.
/// </remarks>
internal sealed class InstanceFailoverMiddleware(
    RequestDelegate next, VersionMatrix matrix, IProblemDetailsService problems, ILogger<ResilienceLog> logger)
{
    private readonly LastAttemptClusters lastAttempt = new();

    public Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        // Load balancing narrows the available destinations to the one it picked: the others are taken now.
        var candidates = proxy.AvailableDestinations;
        var replayable = IsReplayable(context, matrix);
        if (!replayable || AtMostOneInRotation(candidates))
        {
            // Nothing else will be tried if this attempt fails: wait for its answer rather than fail over to nothing.
            lastAttempt.Apply(context, proxy);
        }

        return replayable && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            ? BufferThenForwardAsync(context, candidates)
            : ForwardAsync(context, candidates);
    }

    /// <summary>
    /// A replayable body is read whole before the first attempt: it is sent again from the buffer on a retry, and the
    /// first attempt's short wait for response headers (<see cref="FirstAttemptClient"/>) starts when the request is
    /// sent, so it must not run while a slow client is still uploading.
    /// </summary>
    private async Task BufferThenForwardAsync(HttpContext context, IReadOnlyList<DestinationState> candidates)
    {
        context.Request.EnableBuffering();
        try
        {
            await context.Request.Body.DrainAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // What YARP answers for a body it could not read from the client (RequestBodyClient): its status or 400.
            context.Response.StatusCode = e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            await ClientFaultAsync(context);
            return;
        }

        context.Request.Body.Position = 0;
        await ForwardAsync(context, candidates);
    }

    // What an await keeps alive is allocated per request: the failure handling, which needs more, has its own frame.
    private async Task ForwardAsync(HttpContext context, IReadOnlyList<DestinationState> candidates)
    {
        await next(context);
        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure || context.Response.HasStarted)
        {
            return;
        }

        await (IsClientFault(failure.Error) ? ClientFaultAsync(context) : FailOverAsync(context, candidates, failure));
    }

    private async Task FailOverAsync(HttpContext context, IReadOnlyList<DestinationState> candidates, IForwarderErrorFeature failure)
    {
        // What it logs carries the request's trace.
        using var trace = UnsampledTrace.StartForLogs(context);
        var proxy = context.GetReverseProxyFeature();
        var decision = context.Features.Get<RoutingDecision>();
        if (decision is not null && IsReplayable(context, matrix) && IsRetryable(failure.Error) && proxy.ProxiedDestination is { } failed
            && RetryTargets(proxy.AllDestinations, candidates, failed) is { Length: > 0 } others)
        {
            ResilienceLog.RetriedOnAnotherInstance(logger, context.Request.Method, proxy.Cluster.Config.ClusterId, failed.DestinationId, failure.Error.ToString());
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            proxy.AvailableDestinations = others;
            proxy.ProxiedDestination = null;
            if (context.Request.Body.CanSeek)
            {
                context.Request.Body.Position = 0;
            }

            // No third try follows, so a slow answer is still better than the 503.
            lastAttempt.Apply(context, proxy);
            await next(context);
            if (context.Features.Get<IForwarderErrorFeature>() is not { } second || context.Response.HasStarted)
            {
                return;
            }

            if (IsClientFault(second.Error))
            {
                await ClientFaultAsync(context);
                return;
            }

            failure = second;
        }

        ResilienceLog.Unavailable(logger, context.Request.Method, proxy.Cluster.Config.ClusterId, failure.Error.ToString());
        context.Response.Clear();
        // Nothing reached a working instance; a few seconds is what health checks need to find one again.
        context.Response.Headers.RetryAfter = "5";
        if (decision?.Version is { } version)
        {
            await context.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, $"{version.Service} {version.Version} is unavailable",
                $"No instance of {version.Service} {version.Version} (the version your session is pinned to) could take the request. Try again in a few seconds.");
        }
        else
        {
            await context.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "The sign-in service is unavailable",
                $"{PlatformResources.Login} did not answer, so sign-in and admin calls cannot be served right now. Open sessions keep working; try again in a few seconds.");
        }
    }

    /// <summary>
    /// GET and HEAD change nothing, so sending them twice is safe; so is what the service declares replayable in the
    /// matrix (matched against the path the service sees, after <c>/api/{service}</c>).
    /// </summary>
    public static bool IsReplayable(HttpContext context, VersionMatrix matrix)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return true;
        }

        return context.Features.Get<RoutingDecision>() is { Version: { } version }
            && matrix.TryGetService(version.Service, out var service)
            && service.IsReplayable(request.Method, "/" + (context.GetRouteValue("rest") as string ?? ""));
    }

    /// <summary>
    /// A failure to connect, the connection lost while the request's body was still being sent (the instance never had
    /// the whole request), or a timeout before the response started: the kind another instance may not have.
    /// </summary>
    public static bool IsRetryable(ForwarderError error) =>
        error is ForwarderError.Request or ForwarderError.RequestBodyDestination or ForwarderError.RequestTimedOut;


    /// <summary>
    /// YARP's own status for what the client did (400 for a body that could not be read, 413 for one too large) as
    /// ProblemDetails, the same the status-code pages would write: the service routes run without them
    /// (<see cref="VersionRoutingEndpoints.UseStatusCodePagesOutsideServiceRoutes"/>). Nothing is written to a
    /// client that has gone.
    /// </summary>
    private Task ClientFaultAsync(HttpContext context) =>
        context.RequestAborted.IsCancellationRequested || context.Response.StatusCode < StatusCodes.Status400BadRequest
            ? Task.CompletedTask
            : problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context }).AsTask();

    /// <summary>
    /// The client, not the instance, failed (it went away, or sent a body that could not be read or was too large):
    /// YARP's own status stands (e.g. 413 for an oversized body), and no instance is to blame.
    /// </summary>
    private static bool IsClientFault(ForwarderError error) =>
        error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient
            or ForwarderError.UpgradeRequestClient or ForwarderError.UpgradeResponseClient;

    /// <summary>
    /// The other instances in rotation; when health has taken every other one out, all the others, as YARP's
    /// <c>HealthyOrPanic</c> does for the first try. An instance is out after one probe that timed out or one slow
    /// request, which on a busy machine says little, and trying it beats a certain 503.
    /// </summary>
    public static DestinationState[] RetryTargets(IReadOnlyList<DestinationState> all, IReadOnlyList<DestinationState> candidates, DestinationState failed)
    {
        var inRotation = candidates.Where(d => d != failed && IsAvailable(d)).ToArray();
        return inRotation.Length > 0 ? inRotation : all.Where(d => d != failed).ToArray();
    }

    private static bool AtMostOneInRotation(IReadOnlyList<DestinationState> candidates)
    {
        var inRotation = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (IsAvailable(candidates[i]) && ++inRotation > 1)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAvailable(DestinationState destination) =>
        destination.Health.Active != DestinationHealth.Unhealthy && destination.Health.Passive != DestinationHealth.Unhealthy;
}
