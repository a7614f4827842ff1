using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Telemetry;

/// <summary>
/// ASP.NET Core's per-request log scope (RequestId, RequestPath) costs about a tenth of the gateway's allocations per
/// request: outside Development the gateway does without it (gateway/appsettings.json), and what it logs during a
/// request still carries the request's trace.
/// </summary>
public sealed class RequestLogScopeTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("platform-logscope-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public async Task Logs_written_during_a_request_carry_its_trace_and_the_request_scope_only_in_Development(string environment, bool scoped)
    {
        var logs = new CapturedLogs();
        await using var gateway = SessionGateway.Start(contactsV2: null, web =>
        {
            web.UseEnvironment(environment);
            web.UseSetting("Session:CertificatePath", TestCertificate.Create(folder));
            web.ConfigureLogging(logging => logging.AddProvider(logs));
        });
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
