using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using OpenTelemetry.Trace;
using Platform.Telemetry;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Telemetry;

/// <summary>
/// A request span only for a request that is sampled: the caller's decision when it sent a trace, the ratio otherwise,
/// never a probe. Spans are looked for as the request's current span, so other tests' spans of the same source do not
/// count.
/// </summary>
public sealed class SampledRequestSpansTests : IDisposable
{
    private const string Unsampled = $"00-{TestSpans.ClientTraceId}-{TestSpans.ClientSpanId}-00";

    private readonly ActivityListener listener = new()
    {
        ShouldListenTo = source => source.Name == PlatformTelemetry.SourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public SampledRequestSpansTests() => ActivitySource.AddActivityListener(listener);

    public void Dispose() => listener.Dispose();

    [Fact]
    public async Task A_request_whose_caller_does_not_sample_gets_no_span_whatever_the_ratio()
    {
        var (span, _) = await RequestAsync(ratio: 1, "/api/contacts/info", Unsampled);

        Assert.Null(span);
    }

    [Fact]
    public async Task A_request_whose_caller_samples_gets_a_server_span_continuing_its_trace_whatever_the_ratio()
    {
        var (span, _) = await RequestAsync(ratio: 0, "/api/contacts/info", TestSpans.ClientTraceParent);

        Assert.NotNull(span);
        Assert.Equal((SampledRequestSpans.OperationName, ActivityKind.Server), (span.OperationName, span.Kind));
        Assert.Equal((TestSpans.ClientTraceId, TestSpans.ClientSpanId), (span.TraceId.ToHexString(), span.ParentSpanId.ToHexString()));
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Equal("/api/contacts/info", span.GetTagItem("url.path"));
        Assert.Equal("http", span.GetTagItem("url.scheme"));
        Assert.Equal("gateway.test", span.GetTagItem("server.address"));
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(1.0, true)]
    public async Task Without_a_caller_trace_the_ratio_decides(double ratio, bool sampled)
    {
        var (span, _) = await RequestAsync(ratio, "/api/contacts/info", traceparent: null);

        Assert.Equal(sampled, span is not null);
        if (span is not null)
        {
            Assert.Equal(default, span.ParentSpanId);
        }
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task A_probe_gets_no_span_even_when_its_caller_samples(string path)
    {
        var (span, _) = await RequestAsync(ratio: 1, path, TestSpans.ClientTraceParent);

        Assert.Null(span);
    }

    [Fact]
    public async Task The_span_ends_with_the_route_and_status_as_ASP_NET_Cores_would()
    {
        var (span, _) = await RequestAsync(ratio: 1, "/api/contacts/info", traceparent: null, context =>
        {
            context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(new RoutePattern("/api/contacts/{**rest}")), "contacts"));
            context.Response.StatusCode = StatusCodes.Status201Created;
            return Task.CompletedTask;
        });

        Assert.NotNull(span);
        Assert.Equal("GET /api/contacts/{**rest}", span.DisplayName);
        Assert.Equal("/api/contacts/{**rest}", span.GetTagItem("http.route"));
        Assert.Equal(201, span.GetTagItem("http.response.status_code"));
        Assert.Equal("1.1", span.GetTagItem("network.protocol.version"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.True(span.IsStopped);
    }

    [Fact]
    public async Task A_failed_request_span_says_how_it_failed()
    {
        var (answered, _) = await RequestAsync(ratio: 1, "/api/contacts/info", traceparent: null, context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        Activity? thrown = null;
        await Assert.ThrowsAsync<TimeoutException>(() => RequestAsync(ratio: 1, "/api/contacts/info", traceparent: null, _ =>
        {
            thrown = Activity.Current;
            throw new TimeoutException("the test's");
        }));

        Assert.Equal(("503", ActivityStatusCode.Error), (answered!.GetTagItem("error.type"), answered.Status));
        Assert.Equal((typeof(TimeoutException).FullName, ActivityStatusCode.Error, "the test's"), (thrown!.GetTagItem("error.type"), thrown.Status, thrown.StatusDescription));
    }

    [Fact]
    public void The_sampler_keeps_every_request_span_and_leaves_the_rest_to_the_one_it_wraps()
    {
        var sampler = new SampledRequestSpans.KeepsDecided(new AlwaysOffSampler());
        var traceId = ActivityTraceId.CreateRandom();

        Assert.Equal(SamplingDecision.RecordAndSample,
            sampler.ShouldSample(new SamplingParameters(default, traceId, SampledRequestSpans.OperationName, ActivityKind.Server)).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(new SamplingParameters(default, traceId, "GET", ActivityKind.Server)).Decision);
        Assert.Equal(SamplingDecision.Drop,
            sampler.ShouldSample(new SamplingParameters(default, traceId, SampledRequestSpans.OperationName, ActivityKind.Client)).Decision);
    }

    private static async Task<(Activity? Span, HttpContext Context)> RequestAsync(
        double ratio, string path, string? traceparent, Func<HttpContext, Task>? answer = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("gateway.test");
        context.Request.Path = path;
        context.Request.Protocol = "HTTP/1.1";
        if (traceparent is not null)
        {
            context.Request.Headers["traceparent"] = traceparent;
        }

        Activity? span = null;
        var middleware = new SampledRequestSpans(c =>
        {
            span = Activity.Current;
            return answer?.Invoke(c) ?? Task.CompletedTask;
        }, ratio, p => p.StartsWithSegments("/health") || p.StartsWithSegments("/alive"));

        await middleware.InvokeAsync(context);
        return (span, context);
    }

    private sealed record RoutePattern(string Route) : IRouteDiagnosticsMetadata;
}
