using System.Diagnostics;
using System.Net.Http;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Platform.Gateway.Telemetry;

/// <summary>
/// The trace context of a forwarded request whose span is not recorded, which <see cref="SampledTracingHandler"/> sends
/// without .NET's client instrumentation: the request's own, in place of whatever the client sent, exactly as YARP's
/// propagator would put it. The service, sampling by its parent, then keeps nothing of the request either, and its
/// logs share the gateway's trace id; a client cannot choose a trace, or have services record one. A recorded span's
/// request is left to the instrumented handler, whose propagator does the same with the client span.
/// </summary>
internal static class TraceContextTransform
{
    private static readonly DistributedContextPropagator Propagator = DistributedContextPropagator.Current;

    // An array, so that going through them per request allocates no enumerator.
    private static readonly string[] TraceHeaders = [.. Propagator.Fields];

    public static void Add(TransformBuilderContext context) =>
        context.AddRequestTransform(transform =>
        {
            Apply(DetachedSpans.Of(transform.HttpContext), transform.ProxyRequest);
            return ValueTask.CompletedTask;
        });

    internal static void Apply(Activity? span, HttpRequestMessage request)
    {
        if (span is { Recorded: true })
        {
            return;
        }

        foreach (var header in TraceHeaders)
        {
            request.Headers.Remove(header);
        }

        if (span is not null)
        {
            Propagator.Inject(span, request, static (carrier, name, value) => ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value));
        }
    }
}
