using System.Net;
using System.Net.Http.Json;
using Platform.Callers;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Security;

/// <summary>
/// Issue 10, item 4: one client must not lock everyone out of signing in. Attempts are limited per account and per
/// client address (the address the gateway saw), so an attack on one account or from one address leaves others
/// signing in, and a forwarded-for header from anyone but the gateway is not believed.
/// </summary>
[Collection(SignInLimitStackCollection.Name)]
public sealed class SignInLimiterTests(SignInLimitStackFixture stack)
{
    [Fact]
    public async Task An_attack_on_one_account_locks_that_account_only()
    {
        using var attacker = stack.ClientFrom("127.0.0.2");
        for (var i = 0; i < SignInLimitStackFixture.PerAccount; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(attacker, "alice@acme.test", "guess" + i)).StatusCode);
        }

        var limited = await SignInAsync(attacker, "alice@acme.test", "guess");
        var problem = await limited.ReadProblemAsync(429);
        Assert.Contains("account", problem.Detail);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
        // The account is locked even for the right password, from anywhere...
        using var elsewhere = stack.ClientFrom("127.0.0.6");
        await (await SignInAsync(elsewhere, "alice@acme.test", StackFixture.Password)).ReadProblemAsync(429);
        // ...while other accounts sign in, even from the attacker's address.
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(attacker, "bob@globex.test", StackFixture.Password)).StatusCode);
    }

    [Fact]
    public async Task An_attack_from_one_address_leaves_other_addresses_signing_in()
    {
        using var attacker = stack.ClientFrom("127.0.0.3");
        for (var i = 0; i < SignInLimitStackFixture.PerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(attacker, $"spray{i}@acme.test", "guess")).StatusCode);
        }

        var problem = await (await SignInAsync(attacker, "another@acme.test", "guess")).ReadProblemAsync(429);
        Assert.Contains("address", problem.Detail);
        // Claiming another address to the gateway does not help: the gateway says where the request came from.
        using var spoofed = SignInRequest("another@acme.test", "guess");
        spoofed.Headers.Add("X-Forwarded-For", "10.9.8.7");
        await (await attacker.SendAsync(spoofed)).ReadProblemAsync(429);

        using var someoneElse = stack.ClientFrom("127.0.0.4");
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(someoneElse, "bob@globex.test", StackFixture.Password)).StatusCode);
    }

    [Fact]
    public async Task A_forwarded_address_sent_straight_to_login_is_not_believed()
    {
        // An attacker who reaches login directly names a victim's address in every attempt.
        using var login = stack.Direct("login");
        for (var i = 0; i <= SignInLimitStackFixture.PerAddress; i++)
        {
            using var request = SignInRequest($"direct{i}@acme.test", "guess");
            request.Headers.Add("X-Forwarded-For", "127.0.0.5");
            request.Headers.Add(CallerHeaders.ClientAddress, "forged");
            await login.SendAsync(request);
        }

        using var victim = stack.ClientFrom("127.0.0.5");
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(victim, "bob@globex.test", StackFixture.Password)).StatusCode);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string username, string password) =>
        client.PostAsJsonAsync("/auth/login", new { username, password });

    private static HttpRequestMessage SignInRequest(string username, string password) =>
        new(HttpMethod.Post, "/auth/login") { Content = JsonContent.Create(new { username, password }) };
}
