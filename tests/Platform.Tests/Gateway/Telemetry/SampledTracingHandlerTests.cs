using System.Diagnostics;
using System.Net;
using System.Net.Http;
using Platform.Gateway.Telemetry;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Telemetry;

public sealed class SampledTracingHandlerTests : IDisposable
{
    private readonly TestSpans spans = new();
    private readonly Recorder traced = new();
    private readonly Recorder untraced = new();

    public void Dispose() => spans.Dispose();

    [Fact]
    public async Task An_unsampled_request_skips_the_client_span()
    {
        spans.Sampling = ActivitySamplingResult.PropagationData;
        using var span = spans.Start();
        Assert.False(span.Recorded);

        await SendAsync(TestSpans.ClientRequest());

        var request = Assert.Single(untraced.Requests);
        Assert.Empty(traced.Requests);
        // Its trace context is TraceContextTransform's to put on.
        Assert.Equal(TestSpans.ClientTraceParent, Assert.Single(request.Headers.GetValues("traceparent")));
    }

    [Fact]
    public async Task A_sampled_request_goes_through_the_instrumented_handler_as_it_came()
    {
        spans.Sampling = ActivitySamplingResult.AllDataAndRecorded;
        using var span = spans.Start();
        Assert.True(span.Recorded);

        await SendAsync(TestSpans.ClientRequest());

        var request = Assert.Single(traced.Requests);
        Assert.Empty(untraced.Requests);
        // Left to the instrumented handler, whose propagator replaces them.
        Assert.Equal(TestSpans.ClientTraceParent, Assert.Single(request.Headers.GetValues("traceparent")));
    }

    [Fact]
    public async Task A_request_without_a_span_skips_the_client_span()
    {
        Assert.Null(Activity.Current);

        await SendAsync(TestSpans.ClientRequest());

        Assert.Single(untraced.Requests);
        Assert.Empty(traced.Requests);
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
