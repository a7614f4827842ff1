using System.Diagnostics;
using Platform.Gateway.Telemetry;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Telemetry;

public sealed class TraceContextTransformTests : IDisposable
{
    private readonly TestSpans spans = new();

    public void Dispose() => spans.Dispose();

    [Fact]
    public void An_unrecorded_span_puts_its_own_trace_context_in_place_of_the_clients()
    {
        spans.Sampling = ActivitySamplingResult.PropagationData;
        using var span = spans.Start();
        // Detached while the request is forwarded: the transform is handed the request's span.
        Activity.Current = null;
        var request = TestSpans.ClientRequest();

        TraceContextTransform.Apply(span, request);

        Assert.Equal($"00-{span.TraceId}-{span.SpanId}-00", Assert.Single(request.Headers.GetValues("traceparent")));
        Assert.False(request.Headers.Contains("tracestate"));
    }

    [Fact]
    public void A_recorded_span_leaves_the_headers_to_the_instrumented_handler()
    {
        spans.Sampling = ActivitySamplingResult.AllDataAndRecorded;
        using var span = spans.Start();
        var request = TestSpans.ClientRequest();

        TraceContextTransform.Apply(span, request);

        Assert.Equal(TestSpans.ClientTraceParent, Assert.Single(request.Headers.GetValues("traceparent")));
        Assert.True(request.Headers.Contains("tracestate"));
    }

    [Fact]
    public void Without_a_span_the_clients_trace_context_is_not_passed_on()
    {
        var request = TestSpans.ClientRequest();

        TraceContextTransform.Apply(null, request);

        Assert.False(request.Headers.Contains("traceparent"));
        Assert.False(request.Headers.Contains("tracestate"));
    }
}
