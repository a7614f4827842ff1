using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Sessions;

namespace Platform.Tests.Sessions;

/// <summary>
/// The AppHost starts the gateway beside login, not after it: a gateway that looked at the key ring before login
/// created its first key must still read the cookies login seals afterwards.
/// </summary>
public sealed class KeyRingStartOrderTests : IDisposable
{
    private readonly string keysPath;
    private readonly string certificate;

    public KeyRingStartOrderTests()
    {
        keysPath = Directory.CreateTempSubdirectory("platform-keyring-").FullName;
        certificate = TestSupport.TestCertificate.Create(keysPath);
    }

    public void Dispose() => Directory.Delete(keysPath, recursive: true);

    [Fact]
    public async Task A_gateway_started_before_the_first_key_reads_cookies_sealed_after_it()
    {
        var alice = new Microsoft.AspNetCore.Authentication.AuthenticationTicket(
            new VersionTicket("alice@acme.test", "acme", "early", [], new Dictionary<string, string> { ["contacts"] = "v2" }).ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme),
            CookieAuthenticationDefaults.AuthenticationScheme);
        using var gateway = Host(issuesSessions: false);
        var gatewayFormat = CookieFormat(gateway);
        // The gateway reads the (empty) key ring: it may create no key, so it cannot seal.
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => gatewayFormat.Protect(alice));

        using var login = Host(issuesSessions: true);
        await login.StartAsync();
        var cookie = CookieFormat(login).Protect(alice);

        var ticket = gatewayFormat.Unprotect(cookie);

        Assert.Equal("alice@acme.test", ticket?.Principal.Identity?.Name);
        Assert.Single(Directory.GetFiles(keysPath, "key-*.xml"));
    }

    private IHost Host(bool issuesSessions)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection([new("Session:KeysPath", keysPath), new("Session:CertificatePath", certificate)]);
        builder.AddPlatformSession(issuesSessions);
        return builder.Build();
    }

    private static Microsoft.AspNetCore.Authentication.ISecureDataFormat<Microsoft.AspNetCore.Authentication.AuthenticationTicket> CookieFormat(IHost host) =>
        host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).TicketDataFormat;
}
