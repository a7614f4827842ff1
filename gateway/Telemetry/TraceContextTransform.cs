using System.Collections.Frozen;
using System.Diagnostics;
using System.Net.Http;
using Platform.Gateway.Routing;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Platform.Gateway.Telemetry;

/// <summary>
/// The trace context of a forwarded request that is not sampled, which <see cref="SampledTracingHandler"/> sends
/// without .NET's client instrumentation: the request's <see cref="UnsampledTrace"/>, in place of whatever the client
/// sent, with the sampled flag off. A sampled request (its span recorded) is left to the instrumented handler, whose
/// propagator puts the client span's context on.
/// </summary>
internal static class TraceContextTransform
{
    private const string TraceParentHeader = "traceparent";
    private const string TraceStateHeader = "tracestate";

    private static readonly FrozenSet<string> TraceHeaders = DistributedContextPropagator.Current.Fields.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static void Add(TransformBuilderContext context) =>
        context.AddRequestTransform(transform =>
        {
            Apply(transform.HttpContext, transform.ProxyRequest);
            return ValueTask.CompletedTask;
        });

    internal static void Apply(HttpContext context, HttpRequestMessage request)
    {
        if (Activity.Current is { Recorded: true })
        {
            return;
        }

        var trace = UnsampledTrace.Of(context);
        ProxyRequestHeaders.RemoveWhere(request.Headers, IsTraceHeader);

        request.Headers.TryAddWithoutValidation(TraceParentHeader, trace.TraceParent);
        if (trace.TraceState is { Length: > 0 } state)
        {
            request.Headers.TryAddWithoutValidation(TraceStateHeader, state);
        }
    }

    private static bool IsTraceHeader(string name) => TraceHeaders.Contains(name);
}
