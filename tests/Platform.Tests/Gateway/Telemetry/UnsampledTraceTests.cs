using System.Diagnostics;
using System.Net;
using Platform.Telemetry;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Telemetry;

/// <summary>
/// The production gateway gives a request it does not sample no span (RequestSpans.SampledOnly). The instance still
/// gets a trace context, and what the gateway itself logs about a failed forward still carries that trace. The
/// client's trace context makes the sampling certain: every sampler here follows a remote parent, also that of another
/// test's app in this process listening to ASP.NET Core's spans, which would otherwise give the gateway's requests some.
/// </summary>
public sealed class UnsampledTraceTests
{
    // Of this test's own: other tests' spans share the platform's source.
    private readonly string clientTrace = ActivityTraceId.CreateRandom().ToHexString();
    private readonly string clientSpan = ActivitySpanId.CreateRandom().ToHexString();

    [Theory]
    [InlineData("00")]
    [InlineData("01")]
    public async Task The_instance_gets_the_requests_trace_context_sampled_or_not_and_only_a_sampled_request_has_a_span(string sampled)
    {
        using var platformSpans = new ListenedSpans(PlatformTelemetry.SourceName);
        await using var contacts = await EchoApp.StartAsync("contacts-v2");
        await using var gateway = SessionGateway.StartIn("Production", contacts.Address);
        using var client = Client(gateway, $"00-{clientTrace}-{clientSpan}-{sampled}");

        using var response = await client.GetAsync("/api/contacts/info");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traceparent = Assert.Single(contacts.Received, r => r.PathAndQuery == "/info").Headers["traceparent"].Split('-');
        // The client's trace and sampling; the parent is the gateway's (its client span when sampled), not the client's.
        Assert.Equal(["00", clientTrace], traceparent[..2]);
        Assert.NotEqual(clientSpan, traceparent[2]);
        Assert.Equal(sampled, traceparent[3]);
        var spans = platformSpans.Started.Where(s => s.TraceId.ToHexString() == clientTrace && s.Kind == ActivityKind.Server).ToList();
        Assert.Equal(sampled == "01" ? 1 : 0, spans.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task What_the_gateway_logs_about_a_failed_forward_carries_the_trace_the_instance_was_sent(bool withClientTrace)
    {
        var logs = new CapturedLogs();
        await using var instance = DeadInstance.Resetting();
        await using var gateway = SessionGateway.StartIn("Production", instance.Address, logs, sampleRatio: 0);
        using var client = withClientTrace
            ? Client(gateway, $"00-{clientTrace}-{clientSpan}-00")
            : gateway.Client(gateway.Session("alice@acme.test", DateTimeOffset.UtcNow.AddHours(1)));

        using var response = await client.GetAsync("/api/contacts/info");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var own = logs.Entries.Where(e => e.Category.EndsWith(".RoutingLog", StringComparison.Ordinal) || e.Category.EndsWith(".ResilienceLog", StringComparison.Ordinal)).ToList();
        Assert.Contains(own, e => e.Category.EndsWith(".RoutingLog", StringComparison.Ordinal));
        Assert.Contains(own, e => e.Category.EndsWith(".ResilienceLog", StringComparison.Ordinal));
        var trace = Assert.Single(own.Select(e => e.TraceId).Distinct());
        Assert.NotNull(trace);
        if (withClientTrace)
        {
            Assert.Equal(clientTrace, trace.Value.ToHexString());
        }
    }

    private static HttpClient Client(SessionGateway gateway, string traceparent)
    {
        var client = gateway.Client(gateway.Session("alice@acme.test", DateTimeOffset.UtcNow.AddHours(1)));
        client.DefaultRequestHeaders.Add("traceparent", traceparent);
        return client;
    }
}
