using System.Net;
using System.Net.Http.Json;
using System.Text;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Security;

/// <summary>
/// Attacks on the API's inputs through the gateway, run on every store (Redis, embedded, Dapr): names that would
/// break the store's key layout, oversized bodies, blind and stale admin writes. Each gets a ProblemDetails with
/// 400, 413, 428 or 412, never a 500, and changes nothing.
/// </summary>
internal static class InputLimitScenarios
{
    public static async Task HostileNamesAreValidationProblemsAsync(StackFixture stack)
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        using var anonymous = stack.NewClient();
        var before = await admin.GetStringAsync("/admin/tenants");
        var etag = "\"1\"";

        foreach (var path in new[]
        {
            "/admin/tenants/acme%7C%7Cring:early/ring", // '||' is Dapr's key separator
            $"/admin/tenants/{new string('t', 64)}/ring",
            "/admin/tenants/acme%0D%0Ax/ring",
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(new { ring = "early" }) };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            await AssertValidationProblemAsync(await admin.SendAsync(request), path);
        }

        await AssertValidationProblemAsync(await admin.ChangeTenantAsync(HttpMethod.Put, "acme", "ring", new { ring = "early||x" }), "ring early||x");
        await AssertValidationProblemAsync(await admin.ChangeRingVersionAsync("early", "contacts", new string('v', 200)), "long version");
        await AssertValidationProblemAsync(
            await anonymous.PostAsJsonAsync("/auth/login", new { username = "admin||x@platform.test", password = "Passw0rd!" }), "user name with ||");
        await AssertValidationProblemAsync(
            await anonymous.PostAsJsonAsync("/auth/login", new { username = new string('u', 300) + "@acme.test", password = "Passw0rd!" }), "long user name");

        Assert.Equal(before, await admin.GetStringAsync("/admin/tenants"));
    }

    public static async Task OversizedBodiesAre413Async(StackFixture stack)
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var huge = $$"""{"username":"alice@acme.test","password":"{{new string('p', 200_000)}}","ring":"early"}""";

        foreach (var (method, path) in new[] { (HttpMethod.Post, "/auth/login"), (HttpMethod.Post, "/auth/logout"), (HttpMethod.Put, "/admin/tenants/acme/ring") })
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            request.Headers.TryAddWithoutValidation("X-Requested-With", "platform");
            var response = await admin.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{method} {path}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    public static async Task AdminWritesNeedACurrentIfMatchAsync(StackFixture stack)
    {
        using var admin = await stack.SignInAsync("admin@platform.test");
        var globex = (await (await admin.GetAsync("/admin/tenants")).ReadAsync<TenantView[]>()).Single(t => t.Tenant == "globex");

        var blind = await admin.PutAsJsonAsync("/admin/tenants/globex/overrides/contacts", new { version = "v2" });
        Assert.Contains("If-Match", (await blind.ReadProblemAsync(428)).Detail);
        await (await admin.DeleteAsync("/admin/tenants/globex/overrides/contacts")).ReadProblemAsync(428);
        await (await admin.PutAsJsonAsync("/admin/rings/stable/versions/contacts", new { version = "v2" })).ReadProblemAsync(428);

        var stale = await admin.PutWithETagAsync("/admin/tenants/globex/overrides/contacts", new { version = "v2" }, globex.ETag + "0");
        Assert.Contains("Reload", (await stale.ReadProblemAsync(412)).Detail);

        var after = (await (await admin.GetAsync("/admin/tenants")).ReadAsync<TenantView[]>()).Single(t => t.Tenant == "globex");
        Assert.Equal(globex.ETag, after.ETag);
        Assert.Empty(after.Overrides);
    }

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"errors\"", body, StringComparison.Ordinal);
    }
}

[Collection(StackCollection.Name)]
public sealed class InputLimitsOnRedisTests(StackFixture stack)
{
    [Fact]
    public Task Hostile_names_are_validation_problems() => InputLimitScenarios.HostileNamesAreValidationProblemsAsync(stack);

    [Fact]
    public Task Oversized_bodies_are_413() => InputLimitScenarios.OversizedBodiesAre413Async(stack);

    [Fact]
    public Task Admin_writes_need_a_current_If_Match() => InputLimitScenarios.AdminWritesNeedACurrentIfMatchAsync(stack);
}

[Collection(Embedded.EmbeddedStackCollection.Name)]
public sealed class InputLimitsOnEmbeddedTests(Embedded.EmbeddedStackFixture stack)
{
    [Fact]
    public Task Hostile_names_are_validation_problems() => InputLimitScenarios.HostileNamesAreValidationProblemsAsync(stack);

    [Fact]
    public Task Oversized_bodies_are_413() => InputLimitScenarios.OversizedBodiesAre413Async(stack);

    [Fact]
    public Task Admin_writes_need_a_current_If_Match() => InputLimitScenarios.AdminWritesNeedACurrentIfMatchAsync(stack);
}

[Collection(Dapr.DaprStackCollection.Name)]
public sealed class InputLimitsInDaprModeTests(Dapr.DaprStackFixture stack)
{
    [Fact]
    public Task Hostile_names_are_validation_problems() => InputLimitScenarios.HostileNamesAreValidationProblemsAsync(stack);

    [Fact]
    public Task Oversized_bodies_are_413() => InputLimitScenarios.OversizedBodiesAre413Async(stack);

    [Fact]
    public Task Admin_writes_need_a_current_If_Match() => InputLimitScenarios.AdminWritesNeedACurrentIfMatchAsync(stack);
}
