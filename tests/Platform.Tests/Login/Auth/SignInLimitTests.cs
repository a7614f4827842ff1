using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Login.Auth;
using Platform.Login.Store;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Login.Auth;

/// <summary>
/// Two login instances on one embedded store: sign-in attempts are counted in the store, so the limit holds for
/// the pair, not for each instance.
/// </summary>
public sealed class SignInLimitTests : IAsyncLifetime
{
    private readonly string data = Directory.CreateTempSubdirectory("platform-limit-").FullName;
    private WebApplicationFactory<SqliteStateStore> first = null!;
    private WebApplicationFactory<SqliteStateStore> second = null!;

    public Task InitializeAsync()
    {
        first = Login();
        _ = first.Server;
        second = Login();
        _ = second.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Attempts_on_one_account_count_across_instances()
    {
        using var a = first.CreateClient();
        using var b = second.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(i % 2 == 0 ? a : b, "alice@acme.test", "guess")).StatusCode);
        }

        var refused = await SignInAsync(b, "alice@acme.test", "Passw0rd!");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(a, "bob@globex.test", "Passw0rd!")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_attempts_from_two_instances_are_all_counted()
    {
        var counters = new[] { first, second }.Select(f => (ISignInAttemptCounter)f.Services.GetService(typeof(ISignInAttemptCounter))!).ToArray();

        // The partition's first write cannot be conditional (see StoreAttemptCounter): it is made alone.
        Assert.Equal(1, (await counters[0].HitAsync("account:concurrent", TimeSpan.FromMinutes(1), CancellationToken.None)).Count);

        var windows = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => counters[i % 2].HitAsync("account:concurrent", TimeSpan.FromMinutes(1), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(2, 10).Select(n => (long)n), windows.Select(w => w.Count).Order());
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string username, string password) =>
        client.PostAsJsonAsync("/auth/login", new { username, password });

    private WebApplicationFactory<SqliteStateStore> Login() =>
        TestLogin.OnEmbeddedStore(data, web => web.UseSetting("Login:AccountAttemptsPerMinute", "3"));
}
