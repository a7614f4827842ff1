using System.Diagnostics;
using System.Net.Http;
using Platform.Gateway.Telemetry;

namespace Platform.Tests.Gateway.Telemetry;

public sealed class TraceContextTransformTests : IDisposable
{
    private const string ClientTraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    // A source of this test's own, so no other test's listener decides what its spans are.
    private readonly ActivitySource source = new($"{nameof(TraceContextTransformTests)}-{Guid.NewGuid()}");
    private readonly ActivityListener listener;
    private ActivitySamplingResult sampling;

    public TraceContextTransformTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => sampling,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public void Dispose()
    {
        listener.Dispose();
        source.Dispose();
    }

    [Fact]
    public void An_unrecorded_span_puts_its_own_trace_context_in_place_of_the_clients()
    {
        sampling = ActivitySamplingResult.PropagationData;
        using var span = source.StartActivity("request")!;
        // Detached while the request is forwarded: the transform is handed the request's span.
        Activity.Current = null;
        var request = ClientTraceHeaders();

        TraceContextTransform.Apply(span, request);

        Assert.Equal($"00-{span.TraceId}-{span.SpanId}-00", Assert.Single(request.Headers.GetValues("traceparent")));
        Assert.False(request.Headers.Contains("tracestate"));
    }

    [Fact]
    public void A_recorded_span_leaves_the_headers_to_the_instrumented_handler()
    {
        sampling = ActivitySamplingResult.AllDataAndRecorded;
        using var span = source.StartActivity("request")!;
        var request = ClientTraceHeaders();

        TraceContextTransform.Apply(span, request);

        Assert.Equal(ClientTraceParent, Assert.Single(request.Headers.GetValues("traceparent")));
        Assert.True(request.Headers.Contains("tracestate"));
    }

    [Fact]
    public void Without_a_span_the_clients_trace_context_is_not_passed_on()
    {
        var request = ClientTraceHeaders();

        TraceContextTransform.Apply(null, request);

        Assert.False(request.Headers.Contains("traceparent"));
        Assert.False(request.Headers.Contains("tracestate"));
    }

    private static HttpRequestMessage ClientTraceHeaders()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://contacts-v2-1/info");
        request.Headers.TryAddWithoutValidation("traceparent", ClientTraceParent);
        request.Headers.TryAddWithoutValidation("tracestate", "client=chosen");
        return request;
    }
}
