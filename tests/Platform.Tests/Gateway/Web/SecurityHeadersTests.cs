using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Gateway.Transport;
using Platform.Gateway.Web;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Web;

/// <summary>The gateway's browser hardening headers, and that it keeps query strings out of its logs.</summary>
public sealed class SecurityHeadersTests : IDisposable
{
    private readonly string webRoot = Directory.CreateTempSubdirectory("platform-web-").FullName;

    public void Dispose() => Directory.Delete(webRoot, recursive: true);

    [Theory]
    [InlineData("/", false)]
    [InlineData("/console", false)]
    [InlineData("/apis", false)]
    [InlineData("/authors/list", false)]
    [InlineData("/api/billing/invoices", true)] // the gateway's own 404
    [InlineData("/api/contacts/info", true)] // the routing decision's 401
    [InlineData("/auth/session", true)] // the failover's 503: no login runs here
    [InlineData("/admin/tenants", true)]
    public async Task Every_answer_carries_the_browser_hardening_headers(string path, bool isApi)
    {
        await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), "<app-root></app-root>");
        await using var gateway = Gateway("Development");
        using var client = gateway.CreateClient();

        var response = await client.GetAsync(path);

        // The app may run its own scripts and styles only; an API answer opened as a page may load and run nothing.
        Assert.Equal(isApi ? "default-src 'none'; frame-ancestors 'none'" : SecurityHeaders.ContentSecurityPolicy,
            Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS in Development (plain HTTP on localhost)");
    }

    [Fact]
    public void The_apps_policy_forbids_framing_and_inline_script()
    {
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_browsers_are_told_to_use_HTTPS_only()
    {
        await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), "<app-root></app-root>");
        await using var gateway = Gateway("Production");
        using var client = gateway.CreateClient();

        foreach (var path in new[] { "/", "/api/contacts/info" })
        {
            var response = await client.GetAsync(path);

            Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Query_strings_of_proxied_requests_are_not_logged()
    {
        var logs = new CapturedLogs();
        await using var gateway = Gateway("Development", logs);
        using var client = gateway.CreateClient();

        // No login service runs here: YARP tries to forward (and logs what it does) and fails.
        var response = await client.GetAsync("/auth/reset?token=s3cr3t-token-value");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("s3cr3t-token-value", StringComparison.Ordinal));
    }

    private WebApplicationFactory<DirectTransport> Gateway(string environment, CapturedLogs? logs = null) =>
        new WebApplicationFactory<DirectTransport>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            web.UseSetting("Web:Root", webRoot);
            web.UseSetting("Session:KeysPath", Path.Combine(webRoot, "keys"));
            web.UseSetting("Session:CertificatePath", TestCertificate.Create(webRoot));
            web.UseSampleMatrix();
            if (logs is not null)
            {
                web.ConfigureLogging(logging => logging.AddProvider(logs));
            }
        });
}
