using System.Net;
using System.Net.Http.Json;
using Platform.Callers;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Security;

/// <summary>
/// Issue 10, item 5: signing out, disabling a user and changing a user's roles end sessions on the server: a copy of
/// the cookie stops working at the gateway (and at login's own endpoints) within seconds.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class SessionRevocationTests(StackFixture stack)
{
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_copied_cookie_stops_working_within_seconds_of_sign_out()
    {
        var cookie = await stack.SessionCookieOfAsync("alice@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await stack.SendWithCookieAsync(cookie)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await stack.SendWithCookieAsync(HttpMethod.Post, "/auth/logout", cookie)).StatusCode);

        var after = await SecurityProbes.EventuallyAsync(() => stack.SendWithCookieAsync(cookie), HttpStatusCode.Unauthorized, Seconds);
        await after.ReadProblemAsync(401);
        await (await SecurityProbes.EventuallyAsync(() => stack.SendWithCookieAsync(HttpMethod.Get, "/auth/session", cookie), HttpStatusCode.Unauthorized, Seconds)).ReadProblemAsync(401);
        // Another session of the same user is not affected.
        using var again = await stack.SignInAsync("alice@acme.test");
        Assert.Equal("acme", (await again.GetInfoAsync("contacts")).Tenant);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_sessions_and_refuses_their_sign_in_until_enabled()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var cookie = await stack.SessionCookieOfAsync("bob@globex.test");
        Assert.Equal(HttpStatusCode.OK, (await stack.SendWithCookieAsync(cookie)).StatusCode);
        try
        {
            var disabled = await SetAsync(admin, "bob@globex.test", "disabled", new { disabled = true });
            Assert.True(disabled.Disabled);

            await (await SecurityProbes.EventuallyAsync(() => stack.SendWithCookieAsync(cookie), HttpStatusCode.Unauthorized, Seconds)).ReadProblemAsync(401);
            using var client = stack.NewClient();
            var refused = await (await client.PostAsJsonAsync("/auth/login", new { username = "bob@globex.test", password = StackFixture.Password })).ReadProblemAsync(403);
            Assert.Contains("disabled", refused.Detail);
        }
        finally
        {
            await SetAsync(admin, "bob@globex.test", "disabled", new { disabled = false });
        }

        using var bob = await stack.SignInAsync("bob@globex.test");
        Assert.Equal("globex", (await bob.GetInfoAsync("contacts")).Tenant);
        // Enabling does not bring back a session ended by disabling.
        Assert.Equal(HttpStatusCode.Unauthorized, (await stack.SendWithCookieAsync(cookie)).StatusCode);
    }

    [Fact]
    public async Task Removing_the_admin_role_ends_admin_access_within_seconds()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var before = await stack.SessionCookieOfAsync("bob@globex.test");
        try
        {
            Assert.Equal(["admin"], (await SetAsync(admin, "bob@globex.test", "roles", new { roles = new[] { "admin" } })).Roles);
            // Changing roles ends the sessions issued before: bob signs in again to get them.
            await (await SecurityProbes.EventuallyAsync(() => stack.SendWithCookieAsync(before), HttpStatusCode.Unauthorized, Seconds)).ReadProblemAsync(401);
            var bobAdmin = await stack.SessionCookieOfAsync("bob@globex.test");
            Assert.Equal(HttpStatusCode.OK, (await stack.SendWithCookieAsync(HttpMethod.Get, "/admin/tenants", bobAdmin)).StatusCode);

            Assert.Empty((await SetAsync(admin, "bob@globex.test", "roles", new { roles = Array.Empty<string>() })).Roles);

            var after = await SecurityProbes.EventuallyAsync(() => stack.SendWithCookieAsync(HttpMethod.Get, "/admin/tenants", bobAdmin), HttpStatusCode.Unauthorized, Seconds);
            await after.ReadProblemAsync(401);
            await (await SecurityProbes.EventuallyAsync(() => stack.SendWithCookieAsync(bobAdmin), HttpStatusCode.Unauthorized, Seconds)).ReadProblemAsync(401);
        }
        finally
        {
            await SetAsync(admin, "bob@globex.test", "roles", new { roles = Array.Empty<string>() });
        }
    }

    [Fact]
    public async Task User_changes_are_ETag_checked_and_validated()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var bob = await (await admin.GetAsync("/admin/users/bob@globex.test")).ReadAsync<UserView>();

        await (await admin.PutWithETagAsync("/admin/users/bob@globex.test/roles", new { roles = new[] { "root" } }, bob.ETag)).ReadProblemAsync(400);
        await (await admin.PutWithETagAsync("/admin/users/bob@globex.test/disabled", new { disabled = false }, "stale")).ReadProblemAsync(412);
        await (await admin.GetAsync("/admin/users/nobody@globex.test")).ReadProblemAsync(404);
        using var bobClient = await stack.SignInAsync("bob@globex.test");
        await (await bobClient.PutAsJsonAsync("/admin/users/bob@globex.test/roles", new { roles = new[] { "admin" } })).ReadProblemAsync(403);
    }

    [Fact]
    public async Task The_revocation_feed_is_for_the_gateway_only()
    {
        var tokens = await stack.TokensWithTheKeyRingAsync();
        using var client = stack.NewClient();
        using var login = stack.Direct("login");

        // The gateway routes no /internal path to login: the web app's fallback answers (its index.html once the
        // front end is built, a 404 before), never the feed.
        var throughGateway = await client.GetAsync("/internal/sessions/revocations");
        Assert.NotEqual("application/json", throughGateway.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("entries", await throughGateway.Content.ReadAsStringAsync());
        await (await login.GetAsync("/internal/sessions/revocations")).ReadProblemAsync(401);
        using var withCallerToken = new HttpRequestMessage(HttpMethod.Get, "/internal/sessions/revocations");
        withCallerToken.Headers.Add(CallerHeaders.Gateway, tokens.ForCaller(new Caller("acme", null)));
        await (await login.SendAsync(withCallerToken)).ReadProblemAsync(401);
        using var withGatewayToken = new HttpRequestMessage(HttpMethod.Get, "/internal/sessions/revocations");
        withGatewayToken.Headers.Add(CallerHeaders.Gateway, tokens.ForRevocationFeed());
        Assert.Equal(HttpStatusCode.OK, (await login.SendAsync(withGatewayToken)).StatusCode);
    }

    private static async Task<UserView> SetAsync(HttpClient admin, string user, string what, object body)
    {
        var current = await (await admin.GetAsync($"/admin/users/{user}")).ReadAsync<UserView>();
        var response = await admin.PutWithETagAsync($"/admin/users/{user}/{what}", body, current.ETag);
        Assert.True(response.IsSuccessStatusCode, $"PUT /admin/users/{user}/{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<UserView>();
    }
}

public sealed record UserView(string Username, string? Tenant, string[] Roles, bool Disabled, string ETag);
