using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Trace;
using Platform.Telemetry;

namespace Platform.Tests.Telemetry;

public sealed class ProbeDroppingSamplerTests
{
    private static readonly ActivityTraceId TraceId = ActivityTraceId.CreateRandom();

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/health/details")]
    public void A_probe_is_not_traced(string path) =>
        Assert.Equal(SamplingDecision.Drop, Sample(path).Decision);

    [Theory]
    [InlineData("/api/contacts/info")]
    [InlineData("/healthy")]
    [InlineData("/auth/login")]
    public void Any_other_request_is_left_to_the_ratio(string path) =>
        Assert.Equal(SamplingDecision.RecordAndSample, Sample(path).Decision);

    [Fact]
    public void A_span_without_a_path_is_left_to_the_ratio() =>
        Assert.Equal(SamplingDecision.RecordAndSample,
            Sampler().ShouldSample(new SamplingParameters(default, TraceId, "GET", ActivityKind.Server)).Decision);

    private static SamplingResult Sample(string path) =>
        Sampler().ShouldSample(new SamplingParameters(default, TraceId, "GET", ActivityKind.Server,
            [new KeyValuePair<string, object?>("http.request.method", "GET"), new KeyValuePair<string, object?>("url.path", path)]));

    private static ProbeDroppingSampler Sampler() =>
        new(new AlwaysOnSampler(), path => path.StartsWithSegments("/health") || path.StartsWithSegments("/alive"));
}
