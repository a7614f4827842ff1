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

    /// <summary>
    /// Issue 13, item 5: insights v2 asks contacts for the contact's lifecycle stage at the version pinned for the
    /// caller. acme's ring gives contacts v2; with acme on contacts v1 by override (insights v2 still from its ring)
    /// a new session's score is computed from a contacts v1 instance, and says so; the session before keeps v2.
    /// </summary>
    public static async Task InsightsCallsContactsAtTheCallersPinnedVersionAsync(StackFixture stack)
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        using var before = await stack.SignInAsync("alice@acme.test");
        // insights v2 runs one instance, so the gateway has no other to try if its very first request outlasts the
        // 500 ms activity timeout: let it serve one request before, as any running instance has.
        Assert.Equal("v2", (await before.GetInfoAsync("insights")).Version);
        var fromRing = await ScoreAsync(before, "c-3");
        Assert.Equal(("v2", "lead"), (fromRing.ServedBy.Version, fromRing.Stage));
        Assert.Equal(("contacts", "v2"), (Assert.Single(fromRing.Calls).Service, fromRing.Calls[0].Version));
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.ChangeTenantAsync(HttpMethod.Put, "acme", "overrides/contacts", new { version = "v1" })).StatusCode);
            using var alice = await stack.SignInAsync("alice@acme.test");

            var scores = new List<PinnedScore>();
            for (var i = 0; i < 4; i++)
            {
                scores.Add(await ScoreAsync(alice, "c-1"));
            }

            Assert.All(scores, score =>
            {
                Assert.Equal(("insights", "v2", "c-1", "customer"), (score.ServedBy.Service, score.ServedBy.Version, score.ContactId, score.Stage));
                var call = Assert.Single(score.Calls);
                Assert.Equal(("contacts", "v1"), (call.Service, call.Version));
                Assert.Matches("^contacts-v1-[12]$", call.Instance);
            });
            Assert.Equal("v2", (await ScoreAsync(before, "c-1")).Calls.Single().Version);
        }
        finally
        {
            await admin.ChangeTenantAsync(HttpMethod.Delete, "acme", "overrides/contacts");
        }
    }

    public static async Task<PinnedScore> ScoreAsync(HttpClient client, string contactId)
    {
        var response = await client.GetAsync($"/api/insights/scores/{contactId}");
        Assert.True(response.IsSuccessStatusCode, $"GET /api/insights/scores/{contactId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<PinnedScore>();
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

    /// <summary>
    /// An admin moves globex to ring early with a reason: the trail lists it with who, when, before, after and the
    /// reason; bob signs in to v2. Reverting it puts globex back on stable, is itself listed (naming the entry), and
    /// bob's next sign-in gets v1 again.
    /// </summary>
    public static async Task ChangeIsAuditedAndRevertRestoresItAsync(StackFixture stack)
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "early" }, reason: "pilot of v2 for globex")).StatusCode);

            var moved = Assert.Single((await admin.AuditAsync("?tenant=globex&limit=1")).Entries);
            Assert.Equal(("admin@platform.test", "tenant-ring", "globex"), (moved.Admin, moved.Change, moved.Tenant));
            Assert.Equal(("stable", "early", "pilot of v2 for globex"), (moved.Before, moved.After, moved.Reason));
            Assert.InRange(moved.At, started, DateTimeOffset.UtcNow.AddSeconds(5));
            using (var bobMoved = await stack.SignInAsync("bob@globex.test"))
            {
                Assert.Equal("v2", (await bobMoved.GetInfoAsync("contacts")).Version);
            }

            var response = await admin.RevertAsync(moved.Id, "pilot over");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var revert = await response.ReadAsync<AuditEntry>();
            Assert.Equal((moved.Id, "early", "stable"), (revert.Reverts, revert.Before, revert.After));
            Assert.Equal($"revert of audit entry {moved.Id}: pilot over", revert.Reason);
            Assert.Equal(revert, (await admin.AuditAsync("?tenant=globex&limit=1")).Entries.Single());
            Assert.Equal("stable", (await GlobexAsync(admin)).Ring);
            using var bobReverted = await stack.SignInAsync("bob@globex.test");
            Assert.Equal("v1", (await bobReverted.GetInfoAsync("contacts")).Version);
            Assert.Equal("v1", (await bobReverted.GetInfoAsync("insights")).Version);
        }
        finally
        {
            if ((await GlobexAsync(admin)).Ring != "stable")
            {
                await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "stable" });
            }
        }
    }

    /// <summary>
    /// An override set to v2 and then to v1: reverting the first would also undo the second, so it is 409 with a
    /// ProblemDetails and nothing changes; the latest change still reverts.
    /// </summary>
    public static async Task RevertAfterALaterChangeIsRefusedAsync(StackFixture stack)
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        try
        {
            await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "overrides/contacts", new { version = "v2" });
            var first = (await admin.AuditAsync("?tenant=globex&limit=1")).Entries.Single();
            await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "overrides/contacts", new { version = "v1" });
            var later = (await admin.AuditAsync("?tenant=globex&limit=1")).Entries.Single();
            var before = await GlobexAsync(admin);

            var refused = await (await admin.RevertAsync(first.Id)).ReadProblemAsync(409);

            Assert.Contains($"Audit entry {first.Id} cannot be reverted", refused.Detail);
            Assert.Contains("changed since", refused.Detail);
            Assert.Equal(before.ETag, (await GlobexAsync(admin)).ETag);
            Assert.Equal(later.Id, (await admin.AuditAsync("?tenant=globex&limit=1")).Entries.Single().Id);

            Assert.Equal(HttpStatusCode.OK, (await admin.RevertAsync(later.Id)).StatusCode);
            Assert.Equal("v2", (await GlobexAsync(admin)).Overrides["contacts"]);
            await (await admin.RevertAsync(long.MaxValue)).ReadProblemAsync(404);
        }
        finally
        {
            await admin.ChangeTenantAsync(HttpMethod.Delete, "globex", "overrides/contacts");
        }
    }

    /// <summary>Filters by tenant, service and time, pages by cursor newest first, and answers a bad filter with 400.</summary>
    public static async Task AuditFiltersAndPagesAsync(StackFixture stack)
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);
        try
        {
            await admin.ChangeTenantAsync(HttpMethod.Put, "acme", "overrides/insights", new { version = "v1" }, reason: "page 1");
            await admin.ChangeRingVersionAsync("stable", "contacts", "v2", reason: "other thing");
            await admin.ChangeTenantAsync(HttpMethod.Put, "acme", "overrides/insights", new { version = "v2" }, reason: "page 2");
            await admin.ChangeTenantAsync(HttpMethod.Delete, "acme", "overrides/insights", reason: "page 3");
            var since = "&from=" + Uri.EscapeDataString(started.ToString("O"));

            var first = await admin.AuditAsync("?tenant=acme&service=insights&limit=2" + since);
            Assert.Equal(["page 3", "page 2"], first.Entries.Select(e => e.Reason));
            Assert.NotNull(first.Next);
            var second = await admin.AuditAsync($"?tenant=acme&service=insights&limit=2&cursor={first.Next}" + since);
            Assert.Equal(["page 1"], second.Entries.Select(e => e.Reason));
            Assert.Null(second.Next);

            Assert.Equal(["other thing"], (await admin.AuditAsync("?ring=stable&service=contacts" + since)).Entries.Select(e => e.Reason));
            Assert.Empty((await admin.AuditAsync("?from=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O")))).Entries);
            var newestFirst = (await admin.AuditAsync("?limit=200" + since)).Entries.Select(e => e.Id).ToList();
            Assert.Equal(newestFirst.OrderDescending(), newestFirst);

            var bad = await (await admin.GetAsync("/admin/audit?from=yesterday&limit=0")).ReadProblemAsync(400);
            Assert.Contains("from", bad.Errors!.Keys);
            Assert.Contains("limit", bad.Errors.Keys);
        }
        finally
        {
            await admin.ChangeRingVersionAsync("stable", "contacts", "v1");
        }
    }

    private static async Task<TenantView> GlobexAsync(HttpClient admin) =>
        (await (await admin.GetAsync("/admin/tenants")).ReadAsync<TenantView[]>()).Single(t => t.Tenant == "globex");
}
