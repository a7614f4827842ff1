using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Telemetry;

/// <summary>
/// What the gateway logs during a request can be found by request in every environment: it carries the request's
/// trace and ASP.NET Core's request scope (RequestId, RequestPath). Turning the scope off in production saved 9% of the
/// gateway's allocations but no CPU that side-by-side runs could tell apart (README, Performance), so it stays.
/// </summary>
public sealed class RequestLogScopeTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("platform-logscope-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Logs_written_during_a_request_carry_its_trace_and_path(string environment)
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
            Assert.Equal("/auth/session", e.Scope.GetValueOrDefault("RequestPath")?.ToString());
        });
    }
}
