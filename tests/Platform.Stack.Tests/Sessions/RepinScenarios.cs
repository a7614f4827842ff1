using System.Diagnostics;
using System.Net;
using Platform.Sessions;
using Platform.Stack.Tests.Infrastructure;
using Platform.Stack.Tests.Security;

namespace Platform.Stack.Tests.Sessions;

public sealed record RepinView(string[] Tenants, DateTimeOffset IssuedBefore);

/// <summary>Issue 13, items 3 and 4, as scenarios run in direct and in Dapr mode.</summary>
internal static class RepinScenarios
{
    /// <summary>The promise: within 2 s of the call the same cookie's next request goes to the tenant's current versions.</summary>
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(2);

    /// <summary>
    /// globex moves to ring early and the admin re-pins it: bob's open session (contacts v1) goes to v2 within 2 s,
    /// without signing in again, and that response carries a fresh session cookie that routes to v2 by itself.
    /// </summary>
    public static async Task RepinnedTenantsOpenSessionMovesWithinTwoSecondsAsync(StackFixture stack)
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var bob = await stack.SessionCookieOfAsync("bob@globex.test");
        Assert.Equal("v1", (await InfoAsync(stack, bob)).Info.Version);
        try
        {
            Assert.True((await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "early" })).IsSuccessStatusCode);
            Assert.Equal("v1", (await InfoAsync(stack, bob)).Info.Version);

            var repin = await admin.PostAsync("/admin/tenants/globex/repin", null);
            var asked = Stopwatch.StartNew();

            Assert.Equal(HttpStatusCode.Accepted, repin.StatusCode);
            Assert.Equal(["globex"], (await repin.ReadAsync<RepinView>()).Tenants);
            (ServiceInfo Info, string? NewCookie) moved;
            while ((moved = await InfoAsync(stack, bob)).Info.Version != "v2")
            {
                Assert.True(asked.Elapsed < Within, $"bob's session still reached contacts {moved.Info.Version} {asked.Elapsed.TotalSeconds:0.0} s after the re-pin.");
                await Task.Delay(100);
            }

            Assert.InRange(asked.Elapsed, TimeSpan.Zero, Within);
            Assert.Equal("globex", moved.Info.Tenant);
            Assert.NotNull(moved.NewCookie);
            var fresh = await InfoAsync(stack, moved.NewCookie);
            Assert.Equal("v2", fresh.Info.Version);
            Assert.Null(fresh.NewCookie);
            Assert.Equal("v2", (await InfoAsync(stack, moved.NewCookie, "insights")).Info.Version);
        }
        finally
        {
            await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "stable" });
        }
    }

    /// <summary>
    /// A session pinned to versions no longer deployed: contacts (the default, Repin) is re-pinned to acme's current
    /// version with a fresh cookie; insights, set to SignInAgain in the stack's matrix, answers 401 as before.
    /// </summary>
    public static async Task RetiredVersionIsRepinnedUnlessTheServiceSaysSignInAgainAsync(StackFixture stack)
    {
        var ticket = new VersionTicket("alice@acme.test", "acme", "early", [], new Dictionary<string, string> { ["contacts"] = "v0", ["insights"] = "v0" });
        var retired = await stack.SealCookieAsync(ticket, DateTimeOffset.UtcNow.AddHours(1));

        var repinned = await InfoAsync(stack, retired);

        Assert.Equal(("v2", "acme"), (repinned.Info.Version, repinned.Info.Tenant));
        Assert.NotNull(repinned.NewCookie);
        var fresh = await InfoAsync(stack, repinned.NewCookie);
        Assert.Equal("v2", fresh.Info.Version);
        Assert.Null(fresh.NewCookie);
        var signInAgain = await stack.SendWithCookieAsync(HttpMethod.Get, "/api/insights/info", retired);
        Assert.Contains("no longer deployed", (await signInAgain.ReadProblemAsync(401)).Detail);
        Assert.False(signInAgain.Headers.Contains("Set-Cookie"));
    }

    /// <summary>Unknown tenant or ring: 404; a tenant's user may not re-pin: 403.</summary>
    public static async Task RepinIsForAdminsAndKnownNamesAsync(StackFixture stack)
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        using var bob = await stack.SignInAsync("bob@globex.test");

        await (await admin.PostAsync("/admin/tenants/nosuchtenant/repin", null)).ReadProblemAsync(404);
        await (await admin.PostAsync("/admin/rings/nosuchring/repin", null)).ReadProblemAsync(404);
        await (await bob.PostAsync("/admin/tenants/globex/repin", null)).ReadProblemAsync(403);
        var ring = await admin.PostAsync("/admin/rings/stable/repin", null);
        Assert.Equal(HttpStatusCode.Accepted, ring.StatusCode);
        Assert.Contains("globex", (await ring.ReadAsync<RepinView>()).Tenants);
    }

    private static async Task<(ServiceInfo Info, string? NewCookie)> InfoAsync(StackFixture stack, string cookie, string service = "contacts")
    {
        var response = await stack.SendWithCookieAsync(HttpMethod.Get, $"/api/{service}/info", cookie);
        Assert.True(response.IsSuccessStatusCode, $"GET /api/{service}/info answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var newCookie = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0]).FirstOrDefault(v => v.StartsWith(SessionExtensions.CookieName + "=", StringComparison.Ordinal))?[(SessionExtensions.CookieName.Length + 1)..]
            : null;
        return (await response.ReadAsync<ServiceInfo>(), newCookie);
    }
}
