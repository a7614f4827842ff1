using System.Net;
using System.Net.Http.Json;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Reliability;

/// <summary>
/// Stopping and starting the whole stack on Redis keeps tenants, rings, overrides, users and the key ring (the same
/// promise the embedded store's tests check for SQLite and the key folder).
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class RedisRestartTests(RedisStackFixture stack)
{
    [Fact]
    public async Task Rings_overrides_users_and_open_sessions_survive_a_restart_of_the_stack()
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var bobsOldCookie = await stack.SessionCookieOfAsync("bob@globex.test");
        (await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "early" })).EnsureSuccessStatusCode();
        (await admin.ChangeTenantAsync(HttpMethod.Put, "acme", "overrides/insights", new { version = "v1" })).EnsureSuccessStatusCode();
        try
        {
            await stack.RestartAsync();

            using var bob = await stack.SignInAsync("bob@globex.test");
            Assert.Equal("v2", (await bob.GetInfoAsync("contacts")).Version);
            using var alice = await stack.SignInAsync("alice@acme.test");
            Assert.Equal("v1", (await alice.GetInfoAsync("insights")).Version);
            // The key ring survived: a cookie sealed before the restart still opens, with its old versions.
            var oldSession = await stack.SendWithCookieAsync(bobsOldCookie);
            Assert.Equal(HttpStatusCode.OK, oldSession.StatusCode);
            Assert.Equal("v1", (await oldSession.ReadAsync<ServiceInfo>()).Version);
        }
        finally
        {
            using var adminAfter = await stack.SignInAsync("admin@platform.test");
            (await adminAfter.ChangeTenantAsync(HttpMethod.Put, "globex", "ring", new { ring = "stable" })).EnsureSuccessStatusCode();
            await adminAfter.ChangeTenantAsync(HttpMethod.Delete, "acme", "overrides/insights");
        }
    }
}
