using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Sessions;

/// <summary>
/// The gateway's authentication with the ticket cache switched off (<c>SessionCache:Enabled=false</c>): every request
/// goes through the cookie handler, as ASP.NET Core's authentication middleware alone would do it.
/// </summary>
public sealed class SessionAuthenticationTests : IAsyncLifetime
{
    private int validations;
    private EchoApp contactsV2 = null!;
    private SessionGateway gateway = null!;

    public async Task InitializeAsync()
    {
        contactsV2 = await EchoApp.StartAsync("contacts-v2");
        gateway = SessionGateway.Start(contactsV2.Address, web =>
        {
            web.UseSetting("SessionCache:Enabled", "false");
            SessionGateway.AroundValidation(web, (context, validate) =>
            {
                Interlocked.Increment(ref validations);
                return validate(context);
            });
        });
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await contactsV2.DisposeAsync();
    }

    [Fact]
    public async Task Without_the_cache_every_request_is_validated_by_the_cookie_handler()
    {
        using var client = gateway.Client(gateway.Session("alice@acme.test", DateTimeOffset.UtcNow.AddHours(1)));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);

        Assert.Equal(2, validations);
    }

    [Fact]
    public async Task Without_the_cache_a_request_without_a_session_is_refused()
    {
        using var client = gateway.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/contacts/info")).StatusCode);
    }
}

/// <summary>
/// The gateway with a remote sign-in scheme beside the session cookie: its callback path is answered by the
/// authentication middleware even for a request that carries a session the cache could answer.
/// </summary>
public sealed class SessionAuthenticationWithRemoteSchemeTests : IAsyncLifetime
{
    private SessionGateway gateway = null!;

    public Task InitializeAsync()
    {
        gateway = SessionGateway.Start(contactsV2: null, web => web.ConfigureTestServices(services => services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, CallbackHandler>("remote", _ => { })));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task A_remote_schemes_callback_is_answered_for_a_request_with_a_validated_session()
    {
        using var client = gateway.Client(gateway.Session("alice@acme.test", DateTimeOffset.UtcNow.AddHours(1)));
        // Validates the session (contacts has no instance here; authentication runs before that matters), so the
        // cache could answer the next request.
        await client.GetAsync("/api/contacts/info");

        var callback = await client.GetAsync(CallbackHandler.CallbackPath);

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Equal("callback handled", await callback.Content.ReadAsStringAsync());
    }

    /// <summary>What a remote scheme does on its callback path: answers it inside the authentication middleware.</summary>
    private sealed class CallbackHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder)
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
