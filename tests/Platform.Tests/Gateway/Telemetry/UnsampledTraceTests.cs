using System.Net;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Telemetry;

/// <summary>
/// The production gateway forwards a request whose span is not recorded without it (DetachedSpans). The instance
/// still gets the request's trace context, and what the gateway itself logs about a failed forward still carries its
/// trace. The client's trace context makes the sampling certain: every sampler here follows a remote parent.
/// </summary>
public sealed class DetachedSpansTests
{
    private const string ClientTrace = TestSpans.ClientTraceId;
    private const string ClientSpan = TestSpans.ClientSpanId;

    [Theory]
    [InlineData("00")]
    [InlineData("01")]
    public async Task The_instance_gets_the_requests_trace_context_sampled_or_not(string sampled)
    {
        await using var contacts = await EchoApp.StartAsync("contacts-v2");
        await using var gateway = SessionGateway.StartIn("Production", contacts.Address);
        using var client = Client(gateway, $"00-{ClientTrace}-{ClientSpan}-{sampled}");

        using var response = await client.GetAsync("/api/contacts/info");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traceparent = Assert.Single(contacts.Received, r => r.PathAndQuery == "/info").Headers["traceparent"].Split('-');
        // The client's trace and sampling; the parent is the gateway's span (or, sampled, its client span), not the client's.
        Assert.Equal(["00", ClientTrace], traceparent[..2]);
        Assert.NotEqual(ClientSpan, traceparent[2]);
        Assert.Equal(sampled, traceparent[3]);
    }

    [Fact]
    public async Task What_the_gateway_logs_about_a_failed_forward_carries_the_requests_trace()
    {
        var logs = new CapturedLogs();
        await using var instance = DeadInstance.Resetting();
        await using var gateway = SessionGateway.StartIn("Production", instance.Address, logs);
        using var client = Client(gateway, $"00-{ClientTrace}-{ClientSpan}-00");

        using var response = await client.GetAsync("/api/contacts/info");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var own = logs.Entries.Where(e => e.Category.EndsWith(".RoutingLog", StringComparison.Ordinal) || e.Category.EndsWith(".ResilienceLog", StringComparison.Ordinal)).ToList();
        Assert.Contains(own, e => e.Category.EndsWith(".RoutingLog", StringComparison.Ordinal));
        Assert.Contains(own, e => e.Category.EndsWith(".ResilienceLog", StringComparison.Ordinal));
        Assert.All(own, e => Assert.Equal(ClientTrace, e.TraceId?.ToHexString()));
        // The forward itself ran without the span: YARP's own line about its first attempt, written inside, has no
        // trace (the retry runs after the failover has put the span back to log it).
        var inside = logs.Entries.Where(e => e.Category == "Yarp.ReverseProxy.Forwarder.HttpForwarder").ToList();
        Assert.NotEmpty(inside);
        Assert.Null(inside[0].TraceId);
    }

    private static HttpClient Client(SessionGateway gateway, string traceparent)
    {
        var client = gateway.Client(gateway.Session("alice@acme.test", DateTimeOffset.UtcNow.AddHours(1)));
        client.DefaultRequestHeaders.Add("traceparent", traceparent);
        return client;
    }
}
