using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using OpenTelemetry.Trace;

namespace Platform.Telemetry;

/// <summary>
/// Server spans for <see cref="RequestSpans.SampledOnly"/>: the sampling decision is taken before any span exists (the
/// caller's, from its <c>traceparent</c>, as the parent-based sampler does; otherwise the trace ratio; never for a
/// probe), and only a request it keeps gets a span, with the tags and name ASP.NET Core's own would carry. ASP.NET
/// Core's span is not listened to then: OpenTelemetry has it created for every request, recorded or not (an unrecorded
/// one carries the trace context on), and as <see cref="Activity.Current"/>, an async-local, it made every continuation
/// of the request run in an execution context the runtime sets up and takes down again. Without it the gateway spends
/// about 2% less CPU per request (0-4% in six side-by-side runs), 5% before it puts a trace context of its own on what
/// it forwards (README, Performance).
/// An unsampled request has no span, so what trace context it passes on is the app's to choose (the gateway's
/// <c>UnsampledTrace</c>).
/// </summary>
internal sealed class SampledRequestSpans(RequestDelegate next, double ratio, Func<PathString, bool> isProbe)
{
    /// <summary>The span's operation name; the sampler keeps every span of this name (<see cref="KeepsDecided"/>).</summary>
    public const string OperationName = "Platform.HttpRequestIn";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var parent = PlatformTelemetry.CallerTrace(request.Headers);
        // The tracer's own sampler is not asked: it wants the trace id and the tags, which a root request would
        // allocate every time only to be dropped. Its rules are few: the parent's flag, else the ratio, never a probe.
        var sampled = parent.TraceId != default
            ? (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0
            : ratio >= 1 || (ratio > 0 && Random.Shared.NextDouble() < ratio);
        return sampled && !isProbe(request.Path) ? RecordAsync(context, parent) : next(context);
    }

    private async Task RecordAsync(HttpContext context, ActivityContext parent)
    {
        using var span = PlatformTelemetry.Source.StartActivity(OperationName, ActivityKind.Server, parent, StartTags(context.Request));
        if (span is null)
        {
            // Tracing is off (OTEL_SDK_DISABLED): nothing listens.
            await next(context);
            return;
        }

        span.DisplayName = context.Request.Method;
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            SetEndTags(context, span, exception);
            throw;
        }

        SetEndTags(context, span, null);
    }

    // OpenTelemetry's HTTP server span conventions, as ASP.NET Core sets them (no url.query: it may carry secrets).
    private static List<KeyValuePair<string, object?>> StartTags(HttpRequest request)
    {
        var tags = new List<KeyValuePair<string, object?>>(7)
        {
            new("http.request.method", request.Method),
            new("url.scheme", request.Scheme),
            new("url.path", (request.PathBase + request.Path).ToString() is { Length: > 0 } path ? path : "/"),
        };
        if (request.Host.HasValue)
        {
            tags.Add(new("server.address", request.Host.Host));
            if (request.Host.Port is { } port)
            {
                tags.Add(new("server.port", port));
            }
        }

        if (request.Headers.UserAgent is [{ Length: > 0 } userAgent, ..])
        {
            tags.Add(new("user_agent.original", userAgent));
        }

        return tags;
    }

    private static void SetEndTags(HttpContext context, Activity span, Exception? exception)
    {
        var status = context.Response.StatusCode;
        span.SetTag("http.response.status_code", status);
        span.SetTag("network.protocol.version", context.Request.Protocol switch
        {
            "HTTP/1.0" => "1.0",
            "HTTP/1.1" => "1.1",
            "HTTP/2" => "2",
            "HTTP/3" => "3",
            var other => other,
        });
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route is { } route)
        {
            span.SetTag("http.route", route);
            span.DisplayName = $"{context.Request.Method} {route}";
        }

        if (exception is not null)
        {
            span.SetTag("error.type", exception.GetType().FullName);
            span.SetStatus(ActivityStatusCode.Error, exception.Message);
        }
        else if (status >= StatusCodes.Status500InternalServerError)
        {
            span.SetTag("error.type", status.ToString(CultureInfo.InvariantCulture));
            span.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>
    /// The tracer's sampler with <see cref="RequestSpans.SampledOnly"/>: a request span exists only once the request was
    /// sampled, so it is kept; every other span is <paramref name="inner"/>'s to decide.
    /// </summary>
    public sealed class KeepsDecided(Sampler inner) : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            samplingParameters.Kind == ActivityKind.Server && samplingParameters.Name == OperationName
                ? new SamplingResult(SamplingDecision.RecordAndSample)
                : inner.ShouldSample(samplingParameters);
    }

    /// <summary>First in the pipeline, before anything the app adds, so the span covers the whole request.</summary>
    public sealed class First(double ratio, Func<PathString, bool> isProbe) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(rest => new SampledRequestSpans(rest, ratio, isProbe).InvokeAsync);
            next(app);
        };
    }
}
