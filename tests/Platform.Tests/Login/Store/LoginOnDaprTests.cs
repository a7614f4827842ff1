using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.DaprStandIn;
using Platform.Login.Store;
using Platform.Sidecars;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Login.Store;

/// <summary>
/// The real login service with <c>Dapr:Mode=On</c>, its sidecar the daprd stand-in found through
/// <c>DAPR_GRPC_PORT</c> as the AppHost hands it over: seeding, sign-in and admin writes all go through the Dapr
/// state API, and concurrent admin writes to one tenant give one 200 and one 412.
/// </summary>
public sealed class LoginOnDaprTests : IAsyncLifetime
{
    private const string ApiToken = "logins-sidecar-api-token";
    private readonly string keysPath = Directory.CreateTempSubdirectory("platform-keys-").FullName;
    private DaprSidecarStandIn sidecar = null!;
    private WebApplicationFactory<DaprStateStore> login = null!;

    public async Task InitializeAsync()
    {
        // Locked down as the AppHost starts it: DaprClient must send DAPR_API_TOKEN, which it reads by itself.
        sidecar = await DaprSidecarStandIn.StartAsync(new StandInOptions { AppId = "login", ApiToken = ApiToken });
        login = new WebApplicationFactory<DaprStateStore>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Dapr:Mode", "On");
            web.UseSetting("Store:Kind", "Redis");
            web.UseSetting("DAPR_GRPC_PORT", sidecar.GrpcAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("DAPR_HTTP_PORT", sidecar.HttpAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting(DaprTokens.ApiTokenVariable, ApiToken);
            web.UseSetting("Session:KeysPath", keysPath);
            web.UseSetting("Login:AttemptsPerMinute", "10000");
            web.UseSetting("Store:SeedDemoData", "true");
            web.UseSampleMatrix();
        });
        _ = login.Server;
    }

    public async Task DisposeAsync()
    {
        await login.DisposeAsync();
        await sidecar.DisposeAsync();
        Directory.Delete(keysPath, recursive: true);
    }

    [Fact]
    public async Task Every_state_call_carries_the_sidecars_API_token()
    {
        using var client = login.CreateClient();
        var response = await client.PostAsJsonAsync("/auth/login", new { username = "alice@acme.test", password = "Passw0rd!" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(sidecar.Recorder.StateCalls);
        Assert.Empty(sidecar.Recorder.Refusals);
    }

    [Fact]
    public void The_store_is_the_Dapr_state_store() =>
        Assert.IsType<DaprStateStore>(login.Services.GetRequiredService<IStateStore>());

    [Fact]
    public async Task The_seed_is_written_and_sign_in_reads_through_the_Dapr_state_API()
    {
        Assert.Equal("early", JsonDocument.Parse(sidecar.State.Peek("assignments", "tenant:acme")!.Value.Data).RootElement.GetProperty("ring").GetString());
        sidecar.Recorder.Clear();

        using var client = login.CreateClient();
        var response = await client.PostAsJsonAsync("/auth/login", new { username = "alice@acme.test", password = "Passw0rd!" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = sidecar.Recorder.StateCalls.Where(c => c.Operation == "GetState").Select(c => (c.Store, c.Key)).ToList();
        Assert.Contains(("assignments", "user:alice@acme.test"), keys);
        Assert.Contains(("assignments", "tenant:acme"), keys);
        Assert.Contains(("assignments", "ring:early"), keys);
    }

    [Fact]
    public async Task Two_admins_changing_one_tenant_at_once_one_wins_the_other_gets_412_and_the_write_went_with_the_ETag()
    {
        using var first = await SignInAsync("admin@platform.test");
        using var second = await SignInAsync("admin@platform.test");
        var globex = (await first.GetFromJsonAsync<JsonElement[]>("/admin/tenants"))!.Single(t => t.GetProperty("tenant").GetString() == "globex");
        var etag = globex.GetProperty("etag").GetString()!;
        sidecar.Recorder.Clear();

        var responses = await Task.WhenAll(
            PutWithETag(first, "/admin/tenants/globex/overrides/contacts", new { version = "v2" }, etag),
            PutWithETag(second, "/admin/tenants/globex/overrides/insights", new { version = "v2" }, etag));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.StatusCode).Order());
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.PreconditionFailed);
        Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType);
        // The change goes in one state transaction with its audit entry, the change with the ETag it was read with.
        var won = sidecar.Recorder.StateCalls.Single(c => c is { Operation: "ExecuteStateTransaction", Key: "tenant:globex", Outcome: "OK" });
        Assert.Equal((etag, "ConcurrencyFirstWrite"), (won.ETag, won.Concurrency));
        var entry = Assert.Single(sidecar.Recorder.StateCalls, c => IsAuditEntry(c) && c.Outcome == "OK");
        Assert.Contains("\"tenant\":\"globex\"", entry.Value, StringComparison.Ordinal);
        // When the loser got as far as its transaction (rather than 412 at its If-Match), its entry went down with it.
        Assert.All(sidecar.Recorder.StateCalls.Where(c => IsAuditEntry(c) && c.Outcome != "OK"), c => Assert.Null(sidecar.State.Peek("assignments", c.Key)));
        Assert.Single(JsonDocument.Parse(sidecar.State.Peek("assignments", "tenant:globex")!.Value.Data).RootElement.GetProperty("overrides").EnumerateObject());
    }

    [Fact]
    public async Task Open_sessions_are_counted_in_one_state_document_written_with_its_ETag()
    {
        using var admin = await SignInAsync("admin@platform.test");
        using var alice = await SignInAsync("alice@acme.test");
        using var bob = await SignInAsync("bob@globex.test");

        Assert.Equal((1, 1), await OpenSessionsAsync(admin));
        var writes = sidecar.Recorder.StateCalls.Where(c => c is { Operation: "SaveState", Key: "drain:open-sessions", Outcome: "OK" }).ToList();
        // The admin pins no version: two sign-ins, two writes, the second conditional on the first's ETag.
        Assert.Equal(2, writes.Count);
        Assert.NotNull(writes[1].ETag);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.PostAsJsonAsync("/auth/logout", new { })).StatusCode);
        Assert.Equal((0, 1), await OpenSessionsAsync(admin));
    }

    /// <summary>Open sessions on contacts v2 (acme) and v1 (globex), from the drain view.</summary>
    private static async Task<(long V2, long V1)> OpenSessionsAsync(HttpClient admin)
    {
        var view = (await admin.GetFromJsonAsync<JsonElement[]>("/admin/versions"))!;
        long Count(string appId) => view.Single(v => v.GetProperty("appId").GetString() == appId).GetProperty("openSessions").GetInt64();
        return (Count("contacts-v2"), Count("contacts-v1"));
    }
    private static bool IsAuditEntry(RecordedStateCall call) =>
        call.Operation == "ExecuteStateTransaction" && call.Key.StartsWith("audit:", StringComparison.Ordinal) && call.Key != "audit:head";

    private async Task<HttpClient> SignInAsync(string username)
    {
        var client = login.CreateClient();
        var response = await client.PostAsJsonAsync("/auth/login", new { username, password = "Passw0rd!" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private static async Task<HttpResponseMessage> PutWithETag(HttpClient client, string path, object body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{etag}\"");
        return await client.SendAsync(request);
    }
}
