using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

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

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--Store:DataPath={dataPath}", "--Gateway:Port=0", .. AppHostArguments],
            (options, settings) => settings.EnvironmentName = Environments.Development,
            timeout.Token);

        // The tests sign in far more often than a person would.
        var login = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "login");
        builder.CreateResourceBuilder(login).WithEnvironment("Login__AttemptsPerMinute", "10000");
        Configure(builder);

        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
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
    };

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
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
