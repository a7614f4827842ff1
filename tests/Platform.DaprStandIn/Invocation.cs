using System.Diagnostics;
using System.Net.Sockets;

namespace Platform.DaprStandIn;

/// <summary>
/// Service invocation on the sidecar's HTTP port, as daprd does it: a request with header <c>dapr-app-id</c> (HTTP
/// proxy invocation) or to <c>/v1.0/invoke/{appId}/method/{path}</c> is delivered to an instance of that app at the
/// same path, method, query and body. The sidecar drops <c>dapr-app-id</c>, adds <c>dapr-caller-app-id</c> and
/// <c>dapr-callee-app-id</c>, and continues the caller's trace (or starts one). The callee's sidecar sends its
/// <c>APP_API_TOKEN</c> as <c>dapr-api-token</c>, replacing whatever the caller sent. An unknown app-id is 500
/// <c>ERR_DIRECT_INVOKE</c>. Which requests are invocations at all is <see cref="SidecarApi"/>'s routing.
/// </summary>
internal sealed class Invocation(StandInOptions options, IAppRegistry registry, Recorder recorder)
{
    public const string AppIdHeader = "dapr-app-id";
    public const string CallerHeader = "dapr-caller-app-id";
    public const string CalleeHeader = "dapr-callee-app-id";

    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection",
        "Proxy-Authenticate", "Proxy-Authorization", AppIdHeader, CallerHeader, CalleeHeader,
    };

    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Marks a request that became an invocation (<see cref="HttpContext.Items"/>).</summary>
    public const string InvokedItem = "standin.invoked";

    public async Task InvokeAsync(HttpContext context, string appId, string pathAndQuery)
    {
        context.Items[InvokedItem] = true;
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var received = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(),
            h => h.Key.Equals(SidecarApi.ApiTokenHeader, StringComparison.OrdinalIgnoreCase) ? Recorder.RedactedToken : h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        // Namespaced ids ("contacts-v2.production") name the same app in this single-namespace stand-in.
        var target = registry.Resolve(appId.Split('.')[0]);
        if (target is null)
        {
            await FailAsync(context, appId, $"failed to invoke, id: {appId}, err: couldn't find service: {appId}");
            recorder.Add(new RecordedInvocation(appId, request.Method, pathAndQuery, received, new Dictionary<string, string>(), ReadBody(body), null, 500));
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target.Address, pathAndQuery));
        if (body.Length > 0 || request.ContentLength is not null || request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in request.Headers)
        {
            if (NotForwarded.Contains(name) || name.Equals("traceparent", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // The callee's sidecar sends its app the callee's app token (the stand-in plays that sidecar too).
        if (target.AppToken is { } appToken)
        {
            forward.Headers.Remove(SidecarApi.ApiTokenHeader);
            forward.Headers.TryAddWithoutValidation(SidecarApi.ApiTokenHeader, appToken);
        }

        forward.Headers.TryAddWithoutValidation(CallerHeader, options.AppId);
        forward.Headers.TryAddWithoutValidation(CalleeHeader, appId);
        forward.Headers.TryAddWithoutValidation("traceparent", ContinueTrace(request.Headers["traceparent"].ToString()));
        var forwarded = forward.Headers.Concat(forward.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        // The record is readable by tests over HTTP: it says a token was sent, never which.
        if (forwarded.ContainsKey(SidecarApi.ApiTokenHeader))
        {
            forwarded[SidecarApi.ApiTokenHeader] = Recorder.RedactedToken;
        }

        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException or IOException || e.HttpRequestError is HttpRequestError.ConnectionError)
        {
            await FailAsync(context, appId, $"failed to invoke, id: {appId}, err: {e.Message}");
            recorder.Add(new RecordedInvocation(appId, request.Method, pathAndQuery, received, forwarded, ReadBody(body), target.Address.ToString(), 500));
            return;
        }

        using (response)
        {
            recorder.Add(new RecordedInvocation(appId, request.Method, pathAndQuery, received, forwarded, ReadBody(body), target.Address.ToString(), (int)response.StatusCode));
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!NotForwarded.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    private static async Task FailAsync(HttpContext context, string appId, string message)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await context.Response.WriteAsJsonAsync(new { errorCode = "ERR_DIRECT_INVOKE", message });
    }

    /// <summary>Same trace id, a new span id for the sidecar's hop; a fresh sampled trace when the caller sent none.</summary>
    private static string ContinueTrace(string traceparent)
    {
        var span = ActivitySpanId.CreateRandom().ToHexString();
        var parts = traceparent.Split('-');
        return parts is [var version, { Length: 32 } traceId, { Length: 16 }, var flags]
            ? $"{version}-{traceId}-{span}-{flags}"
            : $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{span}-01";
    }

    private static string ReadBody(MemoryStream body) => System.Text.Encoding.UTF8.GetString(body.ToArray());
}
