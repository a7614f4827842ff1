using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Sessions;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Embedded;

/// <summary>
/// The stack with no Redis at all: sign-in, routing by version, ring changes and the 409 race on the embedded store,
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
    public async Task Each_tenant_is_routed_to_the_versions_of_its_ring()
    {
        using var alice = await stack.SignInAsync("alice@acme.test");
        using var bob = await stack.SignInAsync("bob@globex.test");

        var aliceContacts = await alice.GetInfoAsync("contacts");
        var bobContacts = await bob.GetInfoAsync("contacts");

        Assert.Equal(("v2", "acme"), (aliceContacts.Version, aliceContacts.Tenant));
        Assert.Equal(("v1", "globex"), (bobContacts.Version, bobContacts.Tenant));
        Assert.Equal("v1", (await bob.GetInfoAsync("insights")).Version);
    }

    [Fact]
    public async Task A_ring_change_applies_to_new_sign_ins_while_open_sessions_keep_their_versions()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        using var bobBefore = await stack.SignInAsync("bob@globex.test");
        try
        {
            var moved = await (await admin.PutAsJsonAsync("/admin/tenants/globex/ring", new { ring = "early" })).ReadAsync<TenantView>();
            Assert.Equal("v2", moved.Versions["contacts"]);

            using var bobAfter = await stack.SignInAsync("bob@globex.test");
            Assert.Equal("v2", (await bobAfter.GetInfoAsync("contacts")).Version);
            Assert.Equal("v1", (await bobBefore.GetInfoAsync("contacts")).Version);
        }
        finally
        {
            await admin.PutAsJsonAsync("/admin/tenants/globex/ring", new { ring = "stable" });
        }
    }

    [Fact]
    public async Task Two_admins_changing_one_tenant_at_once_one_wins_the_other_gets_409()
    {
        using var first = await stack.SignInAsync("admin@platform.test");
        using var second = await stack.SignInAsync("admin@platform.test");
        var globex = (await (await first.GetAsync("/admin/tenants")).ReadAsync<TenantView[]>()).Single(t => t.Tenant == "globex");
        try
        {
            var responses = await Task.WhenAll(
                PutWithETag(first, "/admin/tenants/globex/overrides/contacts", new { version = "v2" }, globex.ETag),
                PutWithETag(second, "/admin/tenants/globex/overrides/insights", new { version = "v2" }, globex.ETag));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var after = (await (await first.GetAsync("/admin/tenants")).ReadAsync<TenantView[]>()).Single(t => t.Tenant == "globex");
            Assert.Single(after.Overrides);
            Assert.NotEqual(globex.ETag, after.ETag);
        }
        finally
        {
            await first.DeleteAsync("/admin/tenants/globex/overrides/contacts");
            await first.DeleteAsync("/admin/tenants/globex/overrides/insights");
        }
    }

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
        await admin.PutAsJsonAsync("/admin/tenants/globex/ring", new { ring = "early" });
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
            await adminAfter.PutAsJsonAsync("/admin/tenants/globex/ring", new { ring = "stable" });
        }
    }

    private static async Task<HttpResponseMessage> PutWithETag(HttpClient client, string path, object body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{etag}\"");
        return await client.SendAsync(request);
    }
}
