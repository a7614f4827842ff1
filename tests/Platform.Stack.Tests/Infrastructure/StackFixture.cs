using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Sessions;
using Platform.Settings;

namespace Platform.Stack.Tests.Infrastructure;

/// <summary>
/// The whole stack, started once per test collection from the real AppHost: login, gateway, every service instance
/// and the store, on fresh data in a temporary folder so each run starts from the seed.
/// </summary>
public class StackFixture : IAsyncLifetime
{
    public const string Password = "Passw0rd!";

    private readonly string dataPath = Directory.CreateTempSubdirectory("platform-stack-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    public Uri GatewayAddress { get; private set; } = null!;

    /// <summary>Extra AppHost arguments of a derived fixture, e.g. to choose the store.</summary>
    protected virtual IEnumerable<string> AppHostArguments => [];

    /// <summary>Changes a derived fixture makes to the app model before it is built.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    /// <summary>This stack's data folder (<c>Store:DataPath</c>): the store's files live here.</summary>
    protected string DataPath => dataPath;

    public Task InitializeAsync() => StartAsync();

    /// <summary>
    /// Stops the whole stack and starts it again on the same data, as a restart of the AppHost would. The gateway
    /// gets a new port: make clients after this.
    /// </summary>
    public async Task RestartAsync()
    {
        await App.DisposeAsync();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            // The browser tests cover the front end; here it would only be a build competing for the CPU.
            // insights keeps "sign in again" for retired versions (contacts has the default, Repin), so both are seen.
            [$"--Store:DataPath={dataPath}", "--Gateway:Port=0", "--Web:Enabled=false", "--VersionMatrix:insights:RetiredSessions=SignInAgain", .. AppHostArguments],
            (options, settings) => settings.EnvironmentName = Environments.Development,
            timeout.Token);

        // The tests sign in far more often than a person would.
        var login = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "login");
        builder.CreateResourceBuilder(login).WithEnvironment(PlatformSettings.EnvironmentVariable<LoginOptions>(nameof(LoginOptions.AttemptsPerMinute)), "10000");
        Configure(builder);

        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        // The gateway and login start side by side: the stack is usable once both answer.
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("login", timeout.Token);
        GatewayAddress = App.GetEndpoint("gateway", "http");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A store still flushing on shutdown; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>The configuration that points the platform's session setup at this stack's key ring.</summary>
    public virtual async Task<Dictionary<string, string?>> KeyRingConfigurationAsync() => new()
    {
        ["ConnectionStrings:redis"] = await App.GetConnectionStringAsync("redis"),
        ["Session:CertificatePath"] = KeyRingCertificatePath,
    };

    /// <summary>The certificate the AppHost created to encrypt this stack's key ring at rest.</summary>
    public string KeyRingCertificatePath => Path.Combine(DataPath, "keyring-certificate.pfx");

    /// <summary>A browser-like client: its own cookie jar, talking to the gateway.</summary>
    public HttpClient NewClient() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = GatewayAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A client signed in as <paramref name="username"/>.</summary>
    public async Task<HttpClient> SignInAsync(string username)
    {
        var client = NewClient();
        var response = await client.PostAsJsonAsync("/auth/login", new { username, password = Password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Sign-in of {username}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Sends <c>GET /api/contacts/info</c> with only the given session cookie.</summary>
    public async Task<HttpResponseMessage> SendWithCookieAsync(string cookie)
    {
        using var client = new HttpClient { BaseAddress = GatewayAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/contacts/info");
        request.Headers.Add("Cookie", $"{SessionExtensions.CookieName}={cookie}");
        return await client.SendAsync(request);
    }

    /// <summary>Signs in and returns the value of the session cookie login set.</summary>
    public async Task<string> SessionCookieOfAsync(string username)
    {
        using var client = NewClient();
        var response = await client.PostAsJsonAsync("/auth/login", new { username, password = Password });
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0][(SessionExtensions.CookieName.Length + 1)..];
    }

    /// <summary>
    /// Seals a ticket exactly as login does, with this stack's own key ring: the same session setup code, pointed at
    /// the same store. Lets a test make cookies login would never issue (expired, or naming a retired version).
    /// </summary>
    public async Task<string> SealCookieAsync(VersionTicket ticket, DateTimeOffset expires)
    {
        // Not Development: that validates the whole container, and this bare host has no routing for authorization.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(await KeyRingConfigurationAsync());
        builder.AddPlatformSession();
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        // Issued now (or a session lifetime before it expired): an earlier issue time would fall under a user-wide
        // revocation another test made (disabling alice ends every session of hers issued before that moment).
        var issued = expires < DateTimeOffset.UtcNow ? expires.AddHours(-8) : DateTimeOffset.UtcNow;
        var properties = new AuthenticationProperties { IssuedUtc = issued, ExpiresUtc = expires };
        return options.TicketDataFormat.Protect(new AuthenticationTicket(ticket.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme), properties, CookieAuthenticationDefaults.AuthenticationScheme));
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
