using System.Diagnostics;
using System.Net;
using System.Net.Http;
using Platform.Gateway.Telemetry;

namespace Platform.Tests.Gateway.Telemetry;

public sealed class SampledTracingHandlerTests : IDisposable
{
    // A source of this test's own, so no other test's listener decides what its spans are.
    private readonly ActivitySource source = new($"{nameof(SampledTracingHandlerTests)}-{Guid.NewGuid()}");
    private readonly ActivityListener listener;
    private readonly Recorder traced = new();
    private readonly Recorder untraced = new();
    private ActivitySamplingResult sampling;

    public SampledTracingHandlerTests()
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
    public async Task An_unsampled_request_skips_the_client_span()
    {
        sampling = ActivitySamplingResult.PropagationData;
        using var span = source.StartActivity("request")!;
        Assert.False(span.Recorded);

        await SendAsync(ClientTraceHeaders());

        var request = Assert.Single(untraced.Requests);
        Assert.Empty(traced.Requests);
        // Its trace context is TraceContextTransform's to put on.
        Assert.Equal(ClientTraceParent, Assert.Single(request.Headers.GetValues("traceparent")));
    }

    [Fact]
    public async Task A_sampled_request_goes_through_the_instrumented_handler_as_it_came()
    {
        sampling = ActivitySamplingResult.AllDataAndRecorded;
        using var span = source.StartActivity("request")!;
        Assert.True(span.Recorded);

        await SendAsync(ClientTraceHeaders());

        var request = Assert.Single(traced.Requests);
        Assert.Empty(untraced.Requests);
        // Left to the instrumented handler, whose propagator replaces them.
        Assert.Equal(ClientTraceParent, Assert.Single(request.Headers.GetValues("traceparent")));
    }

    [Fact]
    public async Task A_request_with_its_span_detached_skips_the_client_span()
    {
        Assert.Null(Activity.Current);

        await SendAsync(ClientTraceHeaders());

        Assert.Single(untraced.Requests);
        Assert.Empty(traced.Requests);
    }

    private const string ClientTraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static HttpRequestMessage ClientTraceHeaders()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://contacts-v2-1/info");
        request.Headers.TryAddWithoutValidation("traceparent", ClientTraceParent);
        request.Headers.TryAddWithoutValidation("tracestate", "client=chosen");
        return request;
    }

    private async Task SendAsync(HttpRequestMessage request)
    {
        using var invoker = new HttpMessageInvoker(new SampledTracingHandler(traced, untraced), disposeHandler: false);
        using var response = await invoker.SendAsync(request, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed class Recorder : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
