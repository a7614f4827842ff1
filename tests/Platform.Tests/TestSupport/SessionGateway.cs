using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Gateway.Transport;
using Platform.Sessions;

namespace Platform.Tests.TestSupport;

/// <summary>
/// The real gateway (direct transport, Development) with a key ring of its own, contacts v2's two instances answered
/// by one app when given, and session cookies sealed as login seals them.
/// </summary>
internal sealed class SessionGateway : IAsyncDisposable
{
    private readonly string keysPath;

    private SessionGateway(string keysPath, WebApplicationFactory<DirectTransport> factory)
    {
        this.keysPath = keysPath;
        Factory = factory;
    }

    public WebApplicationFactory<DirectTransport> Factory { get; }

    public IServiceProvider Services => Factory.Services;

    public static SessionGateway Start(Uri? contactsV2, Action<IWebHostBuilder>? configure = null) =>
        Start(contactsV2, (web, _) => configure?.Invoke(web));

    /// <summary>
    /// The gateway in <paramref name="environment"/>, with its key ring encrypted by a test certificate (outside
    /// Development it must be), its logs also written to <paramref name="logs"/> when given, and its trace ratio
    /// <paramref name="sampleRatio"/> when given (the environment's otherwise).
    /// </summary>
    public static SessionGateway StartIn(string environment, Uri? contactsV2, CapturedLogs? logs = null, double? sampleRatio = null) => Start(contactsV2, (web, keysPath) =>
    {
        web.UseEnvironment(environment);
        if (sampleRatio is { } ratio)
        {
            web.UseSetting("Telemetry:TraceSampleRatio", ratio.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        web.UseSetting("Session:CertificatePath", TestCertificate.Create(keysPath));
        if (logs is not null)
        {
            web.ConfigureLogging(logging => logging.AddProvider(logs));
        }
    });

    private static SessionGateway Start(Uri? contactsV2, Action<IWebHostBuilder, string> configure)
    {
        var keysPath = Directory.CreateTempSubdirectory("platform-keys-").FullName;
        DataProtectionProvider.Create(new DirectoryInfo(keysPath), b => b.SetApplicationName("platform"))
            .CreateProtector("warmup").Protect("warmup");
        var factory = new WebApplicationFactory<DirectTransport>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Session:KeysPath", keysPath);
            web.UseSampleMatrix();
            // These tests are about sessions, not slow instances.
            web.UseUnhurriedInstances(TimeSpan.FromSeconds(5));
            if (contactsV2 is not null)
            {
                foreach (var instance in new[] { "contacts-v2-1", "contacts-v2-2" })
                {
                    web.UseSetting($"services:{instance}:http:0", contactsV2.ToString());
                }
            }

            configure(web, keysPath);
        });
        _ = factory.Server;
        return new SessionGateway(keysPath, factory);
    }

    /// <summary>
    /// Puts <paramref name="around"/> in front of the cookie handler's validation events (the gateway's own among
    /// them); it gets the context and the events it wraps.
    /// </summary>
    public static void AroundValidation(IWebHostBuilder web, Func<CookieValidatePrincipalContext, Func<CookieValidatePrincipalContext, Task>, Task> around) =>
        web.ConfigureTestServices(services => services.PostConfigure<CookieAuthenticationOptions>(
            CookieAuthenticationDefaults.AuthenticationScheme,
            options =>
            {
                var validate = options.Events.OnValidatePrincipal;
                options.Events.OnValidatePrincipal = context => around(context, validate);
            }));

    /// <summary>
    /// A client that sends <paramref name="cookie"/> as the session cookie (under the name the gateway's environment
    /// reads), if given, and keeps no cookies.
    /// </summary>
    public HttpClient Client(string? cookie = null)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        if (cookie is not null)
        {
            client.DefaultRequestHeaders.Add("Cookie", $"{SessionExtensions.CookieNameIn(Services.GetRequiredService<IHostEnvironment>())}={cookie}");
        }

        return client;
    }

    /// <summary>A session cookie as login seals it (contacts pinned to v2), with the gateway's own key ring.</summary>
    public string Session(string user, DateTimeOffset expires, string tenant = "acme")
    {
        var ticket = new VersionTicket(user, tenant, "early", [], new Dictionary<string, string> { ["contacts"] = "v2" });
        var scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        var options = Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(scheme);
        return options.TicketDataFormat.Protect(new AuthenticationTicket(ticket.ToPrincipal(scheme), new AuthenticationProperties { ExpiresUtc = expires }, scheme));
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        Directory.Delete(keysPath, recursive: true);
    }
}
