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

/// <summary>
/// The gateway with a remote sign-in scheme beside the session cookie: its callback path is answered by the
/// authentication middleware even for a request that carries a session the cache could answer.
/// </summary>
public sealed class SessionAuthenticationWithRemoteSchemeTests : IAsyncLifetime
{
    private readonly string keysPath = Directory.CreateTempSubdirectory("platform-keys-").FullName;
    private WebApplicationFactory<DirectTransport> gateway = null!;

    public Task InitializeAsync()
    {
        DataProtectionProvider.Create(new DirectoryInfo(keysPath), b => b.SetApplicationName("platform"))
            .CreateProtector("warmup").Protect("warmup");
        gateway = new WebApplicationFactory<DirectTransport>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Session:KeysPath", keysPath);
            web.UseSampleMatrix();
            web.ConfigureTestServices(services => services.AddAuthentication()
                .AddScheme<AuthenticationSchemeOptions, CallbackHandler>("remote", _ => { }));
        });
        _ = gateway.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        Directory.Delete(keysPath, recursive: true);
    }

    [Fact]
    public async Task A_remote_schemes_callback_is_answered_for_a_request_with_a_validated_session()
    {
        var scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        var options = gateway.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(scheme);
        var ticket = new VersionTicket("alice@acme.test", "acme", "early", [], new Dictionary<string, string> { ["contacts"] = "v2" });
        var cookie = options.TicketDataFormat.Protect(new AuthenticationTicket(ticket.ToPrincipal(scheme),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, scheme));
        using var client = gateway.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{SessionExtensions.CookieName}={cookie}");
        // Validates the session, so the cache could answer the next request.
        await client.GetAsync("/api/contacts/info");

        var callback = await client.GetAsync(CallbackHandler.CallbackPath);

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Equal("callback handled", await callback.Content.ReadAsStringAsync());
    }

    /// <summary>What a remote scheme does on its callback path: answers it inside the authentication middleware.</summary>
    private sealed class CallbackHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, Microsoft.Extensions.Logging.ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder), IAuthenticationRequestHandler
    {
        public const string CallbackPath = "/signin-remote";

        public async Task<bool> HandleRequestAsync()
        {
            if (Request.Path != CallbackPath)
            {
                return false;
            }

            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(Response, "callback handled");
            return true;
        }

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
