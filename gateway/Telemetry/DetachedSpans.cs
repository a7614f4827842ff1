using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Platform.Gateway.Telemetry;

/// <summary>
/// A service request whose span is not sampled is forwarded without it (login and admin routes, off the hot path, keep
/// theirs). OpenTelemetry gives every request a span, recorded or not (an unrecorded one only carries the trace context
/// on), and ASP.NET Core makes it <see cref="Activity.Current"/>, an async-local: every continuation of the forward (the
/// failover's, YARP's, HttpClient's, the sockets') then runs in an execution context that has to be set up and taken
/// down again, where one without any async-local costs the runtime nothing. Without it, and without ASP.NET Core's
/// request log scope (another async-local, off outside Development), the gateway spends about 2% less CPU per request
/// (README, Performance). What the span is for stays: its trace context goes on the forwarded request
/// (<see cref="TraceContextTransform"/>), and the gateway's own logs on the forward's failure paths put it back first
/// (<see cref="Reattach"/>), so they carry its trace id.
/// </summary>
internal static class DetachedSpans
{
    /// <summary>
    /// Takes an unrecorded span off the current execution context. Call it in an async method: the change then holds
    /// for that method and what it awaits, and its caller keeps the span.
    /// </summary>
    public static void DetachUnrecorded()
    {
        if (Activity.Current is { Recorded: false })
        {
            Activity.Current = null;
        }
    }

    /// <summary>Puts the request's span back, before logging on a failure path of a detached forward.</summary>
    public static void Reattach(HttpContext context)
    {
        if (Activity.Current is null && RequestSpan(context) is { } span)
        {
            Activity.Current = span;
        }
    }

    /// <summary>The request's span, attached or not; null when nothing created one (tracing and request logging both off).</summary>
    public static Activity? Of(HttpContext context) => Activity.Current ?? RequestSpan(context);

    private static Activity? RequestSpan(HttpContext context) => context.Features.Get<IHttpActivityFeature>()?.Activity;
}
