using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Telemetry;

/// <summary>
/// ASP.NET Core's request log scope (RequestId, RequestPath) is on in Development only: outside it, the scope is off
/// (gateway/appsettings.json), an async-local that would keep every request's execution context from being empty
/// (README, Performance). What the gateway itself logs about a request carries the request's trace in every
/// environment; the framework's lines do when the request is sampled (every request in Development; outside it an
/// unsampled request has no span: gateway/Telemetry/UnsampledTrace.cs).
/// </summary>
public sealed class RequestLogScopeTests
{
    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public async Task Logs_written_during_a_request_carry_the_request_scope_only_in_Development(string environment, bool development)
    {
        var logs = new CapturedLogs();
        await using var gateway = SessionGateway.StartIn(environment, contactsV2: null, logs, sampleRatio: development ? null : 0);
        using var client = gateway.Client();

        // No login service runs here: the forward fails, and YARP logs it while the request runs.
        await client.GetAsync("/auth/session");

        var yarp = logs.Entries.Where(e => e.Category == "Yarp.ReverseProxy.Forwarder.HttpForwarder").ToList();
        Assert.NotEmpty(yarp);
        Assert.All(yarp, e => Assert.Equal(development ? "/auth/session" : null, e.Scope.GetValueOrDefault("RequestPath")?.ToString()));
        if (development)
        {
            Assert.All(yarp, e => Assert.NotNull(e.TraceId));
        }

        var own = logs.Entries.Where(e => e.Category.EndsWith(".ResilienceLog", StringComparison.Ordinal)).ToList();
        Assert.Contains(own, e => e.Message.Contains("answered 503", StringComparison.Ordinal));
        Assert.All(own, e => Assert.NotNull(e.TraceId));
    }
}
