using System.Diagnostics;
using Platform.Telemetry;

namespace Platform.Gateway.Telemetry;

/// <summary>
/// The trace context of a request the gateway does not sample, which has no span (<see cref="RequestSpans.SampledOnly"/>):
/// the client's trace when it sent one (so its logs, the gateway's and the services' share an id), the client's
/// tracestate with it, and a span id of the gateway's own, never recorded. Made once per request, when first needed,
/// so a retry carries the same. <see cref="TraceContextTransform"/> puts it on the forwarded request; a service,
/// sampling by its parent, then records nothing of the request either, and a client cannot have services record a
/// trace the gateway did not.
/// </summary>
internal sealed class UnsampledTrace
{
    private const string LogActivityName = "Platform.Gateway.UnsampledRequest";

    private UnsampledTrace(ActivityTraceId clientTraceId, string? traceState)
    {
        TraceParent = NewTraceParent(clientTraceId);
        TraceState = traceState;
    }

    /// <summary>Version 00, the trace, the gateway's span id, the sampled flag off.</summary>
    public string TraceParent { get; }

    public string? TraceState { get; }

    public ActivityTraceId TraceId => ActivityTraceId.CreateFromString(TraceParent.AsSpan(3, 32));

    public ActivitySpanId SpanId => ActivitySpanId.CreateFromString(TraceParent.AsSpan(36, 16));

    public static UnsampledTrace Of(HttpContext context)
    {
        if (context.Features.Get<UnsampledTrace>() is { } known)
        {
            return known;
        }

        var client = PlatformTelemetry.CallerTrace(context.Request.Headers);
        var trace = new UnsampledTrace(client.TraceId, client.TraceState);
        context.Features.Set(trace);
        return trace;
    }

    /// <summary>
    /// For what the gateway logs about a request without a span (a failed forward): a span of its trace that nothing
    /// records, current until disposed, so the lines carry the trace id the services got. Null when a span is current.
    /// </summary>
    public static Activity? StartForLogs(HttpContext context)
    {
        if (Activity.Current is not null)
        {
            return null;
        }

        var trace = Of(context);
        return new Activity(LogActivityName).SetParentId(trace.TraceId, trace.SpanId).Start();
    }

    // Written in one string from one draw of random bytes: the ids' own types would each allocate a string of their own
    // on every unsampled request, for logs that seldom need them.
    private static string NewTraceParent(ActivityTraceId clientTraceId) =>
        string.Create(55, clientTraceId, static (chars, client) =>
        {
            Span<byte> random = stackalloc byte[24];
            Random.Shared.NextBytes(random);
            "00-".CopyTo(chars);
            if (client == default)
            {
                Convert.TryToHexStringLower(random[..16], chars[3..35], out _);
            }
            else
            {
                client.ToHexString().CopyTo(chars[3..35]);
            }

            chars[35] = '-';
            Convert.TryToHexStringLower(random[16..], chars[36..52], out _);
            "-00".CopyTo(chars[52..]);
        });
}
