using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Platform.Gateway.Telemetry;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Telemetry;

public sealed class TraceContextTransformTests : IDisposable
{
    private readonly TestSpans spans = new();

    public void Dispose() => spans.Dispose();

    [Fact]
    public void An_unsampled_request_continues_the_clients_trace_unsampled_from_a_span_id_of_its_own()
    {
        var context = ClientContext();
        var request = TestSpans.ClientRequest();

        TraceContextTransform.Apply(context, request);

        var trace = UnsampledTrace.Of(context);
        Assert.Equal(TestSpans.ClientTraceId, trace.TraceId.ToHexString());
        Assert.NotEqual(TestSpans.ClientSpanId, trace.SpanId.ToHexString());
        Assert.Equal($"00-{TestSpans.ClientTraceId}-{trace.SpanId}-00", Assert.Single(request.Headers.GetValues("traceparent")));
        Assert.Equal("client=chosen", Assert.Single(request.Headers.GetValues("tracestate")));
    }

    [Fact]
    public void Without_a_client_trace_an_unsampled_request_gets_a_new_one()
    {
        var context = new DefaultHttpContext();
        // A traceparent that does not parse is no trace to continue.
        context.Request.Headers["traceparent"] = "not-a-trace";
        var request = TestSpans.ClientRequest();

        TraceContextTransform.Apply(context, request);

        var trace = UnsampledTrace.Of(context);
        Assert.NotEqual(default, trace.TraceId);
        Assert.NotEqual(TestSpans.ClientTraceId, trace.TraceId.ToHexString());
        Assert.Equal($"00-{trace.TraceId}-{trace.SpanId}-00", Assert.Single(request.Headers.GetValues("traceparent")));
        Assert.False(request.Headers.Contains("tracestate"));
    }

    [Fact]
    public void A_retry_carries_the_same_trace_context()
    {
        var context = new DefaultHttpContext();
        var (first, second) = (TestSpans.ClientRequest(), TestSpans.ClientRequest());

        TraceContextTransform.Apply(context, first);
        TraceContextTransform.Apply(context, second);

        Assert.Equal(first.Headers.GetValues("traceparent"), second.Headers.GetValues("traceparent"));
    }

    [Fact]
    public void A_recorded_span_leaves_the_headers_to_the_instrumented_handler()
    {
        spans.Sampling = ActivitySamplingResult.AllDataAndRecorded;
        using var span = spans.Start();
        var request = TestSpans.ClientRequest();

        TraceContextTransform.Apply(ClientContext(), request);

        Assert.Equal(TestSpans.ClientTraceParent, Assert.Single(request.Headers.GetValues("traceparent")));
        Assert.True(request.Headers.Contains("tracestate"));
    }

    [Fact]
    public void What_the_gateway_logs_about_an_unsampled_request_carries_the_trace_it_forwarded()
    {
        var context = ClientContext();

        using (var forLogs = UnsampledTrace.StartForLogs(context))
        {
            Assert.Same(forLogs, Activity.Current);
            Assert.Equal(TestSpans.ClientTraceId, Activity.Current!.TraceId.ToHexString());
            Assert.Equal(UnsampledTrace.Of(context).SpanId, Activity.Current.ParentSpanId);
            Assert.False(Activity.Current.Recorded);
        }

        Assert.Null(Activity.Current);
    }

    private static DefaultHttpContext ClientContext()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["traceparent"] = TestSpans.ClientTraceParent.Replace("-01", "-00", StringComparison.Ordinal);
        context.Request.Headers["tracestate"] = "client=chosen";
        return context;
    }
}
