using System.Net;
using System.Net.Http.Json;

namespace Platform.Stack.Tests.Infrastructure;

/// <summary>
/// The product's core promises as scenarios, run against every way the stack can be composed (Redis, embedded store,
/// Dapr mode), so each composition is held to the same behaviour by the same code.
/// </summary>
internal static class StackScenarios
{
    /// <summary>acme (ring early) gets v2 of every service, globex (ring stable) v1; services see the right tenant.</summary>
    public static async Task EachTenantReachesTheVersionsOfItsRingAsync(StackFixture stack)
    {
        using var alice = await stack.SignInAsync("alice@acme.test");
        using var bob = await stack.SignInAsync("bob@globex.test");

        foreach (var service in new[] { "contacts", "insights" })
        {
            Assert.Equal(("v2", "acme"), await alice.VersionAndTenantAsync(service));
            Assert.Equal(("v1", "globex"), await bob.VersionAndTenantAsync(service));
        }
    }

    /// <summary>Moving globex to ring early: a new sign-in gets v2, the session opened before keeps v1.</summary>
    public static async Task RingChangeAppliesToNewSignInsOnlyAsync(StackFixture stack)
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        using var bobBefore = await stack.SignInAsync("bob@globex.test");
        Assert.Equal("v1", (await bobBefore.GetInfoAsync("contacts")).Version);
        try
        {
            var moved = await (await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "early" })).ReadAsync<TenantView>();
            Assert.Equal("early", moved.Ring);
            Assert.Equal("v2", moved.Versions["contacts"]);

            using var bobAfter = await stack.SignInAsync("bob@globex.test");
            Assert.Equal("v2", (await bobAfter.GetInfoAsync("contacts")).Version);
            Assert.Equal("v2", (await bobAfter.GetInfoAsync("insights")).Version);
            Assert.Equal("v1", (await bobBefore.GetInfoAsync("contacts")).Version);
        }
        finally
        {
            await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "stable" });
        }
    }

    /// <summary>
    /// Two admins change globex at once with the ETag they both read: one wins, the other gets 412 (its If-Match no
    /// longer held when its write was applied) with what to do, and exactly one change is stored.
    /// </summary>
    public static async Task TwoAdminsChangingOneTenantAtOnceOneWinsTheOtherGets412Async(StackFixture stack)
    {
        using var first = await stack.SignInAsync("admin@platform.test");
        using var second = await stack.SignInAsync("admin@platform.test");
        var globex = await GlobexAsync(first);
        try
        {
            var responses = await Task.WhenAll(
                first.PutWithETagAsync("/admin/tenants/globex/overrides/contacts", new { version = "v2" }, globex.ETag),
                second.PutWithETagAsync("/admin/tenants/globex/overrides/insights", new { version = "v2" }, globex.ETag));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.StatusCode).Order());
            var loser = responses.Single(r => r.StatusCode == HttpStatusCode.PreconditionFailed);
            Assert.Contains("Reload", (await loser.ReadProblemAsync(412)).Detail);
            var after = await GlobexAsync(first);
            Assert.Single(after.Overrides);
            Assert.NotEqual(globex.ETag, after.ETag);
        }
        finally
        {
            await first.ChangeTenantAsync(HttpMethod.Delete, "globex", "overrides/contacts");
            await first.ChangeTenantAsync(HttpMethod.Delete, "globex", "overrides/insights");
        }
    }

    private static async Task<TenantView> GlobexAsync(HttpClient admin) =>
        (await (await admin.GetAsync("/admin/tenants")).ReadAsync<TenantView[]>()).Single(t => t.Tenant == "globex");
}
