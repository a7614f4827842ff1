using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Gateway.Transport;
using Platform.Sessions;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Sessions;

/// <summary>
/// The gateway's authentication with the ticket cache switched off (<c>SessionCache:Enabled=false</c>): every request
/// goes through the cookie handler, as ASP.NET Core's authentication middleware alone would do it.
/// </summary>
public sealed class SessionAuthenticationTests : IAsyncLifetime
{
    private readonly string keysPath = Directory.CreateTempSubdirectory("platform-keys-").FullName;
    private int validations;
    private EchoApp contactsV2 = null!;
    private WebApplicationFactory<DirectTransport> gateway = null!;

    public async Task InitializeAsync()
    {
        contactsV2 = await EchoApp.StartAsync("contacts-v2");
        DataProtectionProvider.Create(new DirectoryInfo(keysPath), b => b.SetApplicationName("platform"))
            .CreateProtector("warmup").Protect("warmup");
        gateway = new WebApplicationFactory<DirectTransport>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Session:KeysPath", keysPath);
            web.UseSetting("SessionCache:Enabled", "false");
            web.UseSampleMatrix();
            foreach (var instance in new[] { "contacts-v2-1", "contacts-v2-2" })
            {
                web.UseSetting($"services:{instance}:http:0", contactsV2.Address.ToString());
            }

            web.ConfigureTestServices(services => services.PostConfigure<CookieAuthenticationOptions>(
                CookieAuthenticationDefaults.AuthenticationScheme,
                options =>
                {
                    var validate = options.Events.OnValidatePrincipal;
                    options.Events.OnValidatePrincipal = context =>
                    {
                        Interlocked.Increment(ref validations);
                        return validate(context);
                    };
                }));
        });
        _ = gateway.Server;
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await contactsV2.DisposeAsync();
        Directory.Delete(keysPath, recursive: true);
    }

    [Fact]
    public async Task Without_the_cache_every_request_is_validated_by_the_cookie_handler()
    {
        using var client = Client(Session("alice@acme.test"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);

        Assert.Equal(2, validations);
    }

    [Fact]
    public async Task Without_the_cache_a_request_without_a_session_is_refused()
    {
        using var client = gateway.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/contacts/info")).StatusCode);
    }

    private HttpClient Client(string cookie)
    {
        var client = gateway.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{SessionExtensions.CookieName}={cookie}");
        return client;
    }

    private string Session(string user)
    {
        var ticket = new VersionTicket(user, "acme", "early", [], new Dictionary<string, string> { ["contacts"] = "v2" });
        var scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        var options = gateway.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(scheme);
        return options.TicketDataFormat.Protect(new AuthenticationTicket(ticket.ToPrincipal(scheme),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, scheme));
    }
}
