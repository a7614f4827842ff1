using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Telemetry;

/// <summary>
/// What the gateway logs during a request carries the request's trace in every environment, and ASP.NET Core's request
/// scope (RequestId, RequestPath) in Development only: outside it, the scope is off (gateway/appsettings.json), an
/// async-local that would keep every forward's execution context from being empty (README, Performance).
/// </summary>
public sealed class RequestLogScopeTests
{
    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public async Task Logs_written_during_a_request_carry_its_trace_and_the_request_scope_only_in_Development(string environment, bool scoped)
    {
        var logs = new CapturedLogs();
        await using var gateway = SessionGateway.StartIn(environment, contactsV2: null, logs);
        using var client = gateway.Client();

        // No login service runs here: the forward fails, and YARP logs it while the request runs.
        await client.GetAsync("/auth/session");

        var during = logs.Entries.Where(e => e.Category == "Yarp.ReverseProxy.Forwarder.HttpForwarder").ToList();
        Assert.NotEmpty(during);
        Assert.All(during, e =>
        {
            Assert.NotNull(e.TraceId);
            Assert.Equal(scoped ? "/auth/session" : null, e.Scope.GetValueOrDefault("RequestPath")?.ToString());
        });
    }
}
