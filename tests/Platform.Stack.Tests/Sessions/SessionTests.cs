using System.Net;
using System.Net.Http.Json;
using Platform.Sessions;
using Platform.Stack.Tests.Infrastructure;
using Platform.Stack.Tests.Security;

namespace Platform.Stack.Tests.Sessions;

[Collection(StackCollection.Name)]
public sealed class SessionTests(StackFixture stack)
{
    [Fact]
    public async Task Sign_in_returns_the_session_and_a_sealed_http_only_cookie()
    {
        using var client = stack.NewClient();

        var response = await client.PostAsJsonAsync("/auth/login", new { username = "alice@acme.test", password = StackFixture.Password });
        var session = await response.ReadAsync<Session>();

        Assert.Equal(("acme", "early"), (session.Tenant, session.Ring));
        Assert.Equal(new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v2" }, session.Versions);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(SessionExtensions.CookieName + "=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("v2", setCookie.Split(';')[0].Split('=')[0]);
        Assert.DoesNotContain(response.Headers, h => h.Value.Any(v => v.Contains("contacts")));

        Assert.Equal(session.Versions, (await (await client.GetAsync("/auth/session")).ReadAsync<Session>()).Versions);
    }

    [Fact]
    public async Task Wrong_password_and_malformed_body_are_problems()
    {
        using var client = stack.NewClient();

        await (await client.PostAsJsonAsync("/auth/login", new { username = "alice@acme.test", password = "nope" })).ReadProblemAsync(401);
        await (await client.PostAsJsonAsync("/auth/login", new { username = "nobody@acme.test", password = "nope" })).ReadProblemAsync(401);
        var missing = await (await client.PostAsJsonAsync("/auth/login", new { username = "alice@acme.test" })).ReadProblemAsync(400);
        Assert.Contains("password", missing.Errors!.Keys);
        using var garbage = new StringContent("{\"username\":", System.Text.Encoding.UTF8, "application/json");
        await (await client.PostAsync("/auth/login", garbage)).ReadProblemAsync(400);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        using var alice = await stack.SignInAsync("alice@acme.test");

        Assert.Equal(HttpStatusCode.NoContent, (await alice.PostAsJsonAsync("/auth/logout", new { })).StatusCode);

        await (await alice.GetAsync("/auth/session")).ReadProblemAsync(401);
        await (await alice.GetAsync("/api/contacts/info")).ReadProblemAsync(401);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Garbage_cookie_is_401(string cookie)
    {
        await (await stack.SendWithCookieAsync(cookie)).ReadProblemAsync(401);
    }

    [Fact]
    public async Task Tampered_cookie_is_401()
    {
        var cookie = await stack.SessionCookieOfAsync("alice@acme.test");
        var middle = cookie.Length / 2;
        var tampered = cookie[..middle] + (cookie[middle] == 'x' ? 'y' : 'x') + cookie[(middle + 1)..];

        await (await stack.SendWithCookieAsync(tampered)).ReadProblemAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await stack.SendWithCookieAsync(cookie)).StatusCode);
    }

    [Fact]
    public async Task Expired_cookie_sealed_with_the_real_key_ring_is_401()
    {
        var ticket = new VersionTicket("alice@acme.test", "acme", "early", [], new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v2" });
        var expired = await stack.SealCookieAsync(ticket, DateTimeOffset.UtcNow.AddHours(-1));
        var valid = await stack.SealCookieAsync(ticket, DateTimeOffset.UtcNow.AddHours(1));

        await (await stack.SendWithCookieAsync(expired)).ReadProblemAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await stack.SendWithCookieAsync(valid)).StatusCode);
    }

    [Fact]
    public async Task Ticket_naming_a_version_that_is_not_deployed_is_never_forwarded()
    {
        // insights says SignInAgain in the stack's matrix; contacts re-pins instead (RepinTests).
        var ticket = new VersionTicket("alice@acme.test", "acme", "early", [], new Dictionary<string, string> { ["insights"] = "v9" });

        var problem = await (await stack.SendWithCookieAsync(HttpMethod.Get, "/api/insights/info", await stack.SealCookieAsync(ticket, DateTimeOffset.UtcNow.AddHours(1)))).ReadProblemAsync(401);

        Assert.Contains("no longer deployed", problem.Detail);
    }
}
