using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Platform.Sessions;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Embedded;

/// <summary>
/// The stack with no Redis at all: sign-in, routing by version, ring changes and the 412 race on the embedded store,
/// and that its data and key ring survive a restart of the whole stack.
/// </summary>
[Collection(EmbeddedStackCollection.Name)]
public sealed class EmbeddedStoreTests(EmbeddedStackFixture stack)
{
    [Fact]
    public void Runs_without_redis_on_a_sqlite_file_and_a_key_ring_folder()
    {
        var model = stack.App.Services.GetRequiredService<DistributedApplicationModel>();

        Assert.DoesNotContain(model.Resources, r => r.Name == "redis");
        Assert.True(File.Exists(stack.SqlitePath), $"No database at {stack.SqlitePath}.");
        Assert.NotEmpty(Directory.GetFiles(stack.KeysPath, "key-*.xml"));
    }

    [Fact]
    public async Task Sign_in_gives_the_session_of_the_tenants_ring()
    {
        using var client = stack.NewClient();

        var response = await client.PostAsJsonAsync("/auth/login", new { username = "alice@acme.test", password = StackFixture.Password });
        var session = await response.ReadAsync<Session>();

        Assert.Equal(("acme", "early"), (session.Tenant, session.Ring));
        Assert.Equal(new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v2" }, session.Versions);
        Assert.Equal(session.Versions, (await (await client.GetAsync("/auth/session")).ReadAsync<Session>()).Versions);
        await (await client.PostAsJsonAsync("/auth/login", new { username = "alice@acme.test", password = "nope" })).ReadProblemAsync(401);
    }

    [Fact]
    public Task Each_tenant_is_routed_to_the_versions_of_its_ring() => StackScenarios.EachTenantReachesTheVersionsOfItsRingAsync(stack);

    [Fact]
    public Task A_ring_change_applies_to_new_sign_ins_while_open_sessions_keep_their_versions() => StackScenarios.RingChangeAppliesToNewSignInsOnlyAsync(stack);

    [Fact]
    public Task Two_admins_changing_one_tenant_at_once_one_wins_the_other_gets_412() => StackScenarios.TwoAdminsChangingOneTenantAtOnceOneWinsTheOtherGets412Async(stack);

    [Fact]
    public Task Audited_change_is_listed_and_its_revert_applies_to_new_sign_ins() => StackScenarios.ChangeIsAuditedAndRevertRestoresItAsync(stack);

    [Fact]
    public Task Audited_change_changed_again_since_is_not_reverted_409() => StackScenarios.RevertAfterALaterChangeIsRefusedAsync(stack);

    [Fact]
    public async Task The_key_ring_folder_is_the_one_the_gateway_reads()
    {
        var ticket = new VersionTicket("alice@acme.test", "acme", "early", [], new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v2" });

        Assert.Equal(HttpStatusCode.OK, (await stack.SendWithCookieAsync(await stack.SealCookieAsync(ticket, DateTimeOffset.UtcNow.AddHours(1)))).StatusCode);
        await (await stack.SendWithCookieAsync(await stack.SealCookieAsync(ticket, DateTimeOffset.UtcNow.AddHours(-1)))).ReadProblemAsync(401);
    }

    [Fact]
    public async Task An_admin_change_and_open_sessions_survive_a_restart_of_the_stack_and_the_seed_does_not_undo_it()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var bobsOldCookie = await stack.SessionCookieOfAsync("bob@globex.test");
        await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "early" });
        try
        {
            await stack.RestartAsync();

            // The assignment is still there (and the development seed, run again on start, left it alone).
            using var bob = await stack.SignInAsync("bob@globex.test");
            Assert.Equal("v2", (await bob.GetInfoAsync("contacts")).Version);
            // The key ring survived too: a cookie sealed before the restart still opens, with its old versions.
            var oldSession = await stack.SendWithCookieAsync(bobsOldCookie);
            Assert.Equal(HttpStatusCode.OK, oldSession.StatusCode);
            Assert.Equal("v1", (await oldSession.ReadAsync<Infrastructure.ServiceInfo>()).Version);
        }
        finally
        {
            using var adminAfter = await stack.SignInAsync("admin@platform.test");
            await adminAfter.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "stable" });
        }
    }
}
