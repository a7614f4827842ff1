using System.Text.Json;
using Dapr;
using Dapr.Client;
using Platform.DaprStandIn;
using Platform.Login.Assignments;
using Platform.Login.Store;

namespace Platform.Tests.Login.Store;

/// <summary>
/// The Dapr state store adapter against the daprd stand-in: the requests it sends over the Dapr gRPC API (store,
/// key, ETag, concurrency, raw JSON value) and the IStateStore contract it keeps on top of them.
/// </summary>
public sealed class DaprStateStoreTests : IAsyncLifetime
{
    private DaprSidecarStandIn sidecar = null!;
    private DaprClient client = null!;
    private DaprStateStore store = null!;

    public async Task InitializeAsync()
    {
        sidecar = await DaprSidecarStandIn.StartAsync(new StandInOptions { AppId = "login" });
        client = new DaprClientBuilder()
            .UseGrpcEndpoint(sidecar.GrpcAddress.ToString())
            .UseHttpEndpoint(sidecar.HttpAddress.ToString())
            .Build();
        store = new DaprStateStore(client);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await sidecar.DisposeAsync();
    }

    [Fact]
    public async Task A_missing_key_is_null_and_is_read_through_GetState_on_the_assignments_store()
    {
        Assert.Null(await store.GetAsync("tenant:nobody"));

        var call = Assert.Single(sidecar.Recorder.StateCalls);
        Assert.Equal(("GetState", "assignments", "tenant:nobody", "NotFound"), (call.Operation, call.Store, call.Key, call.Outcome));
        Assert.Contains("/dapr.proto.runtime.v1.Dapr/GetState", sidecar.Recorder.GrpcMethods);
    }

    [Fact]
    public async Task A_write_without_ETag_stores_the_raw_JSON_and_a_read_returns_it_with_its_ETag()
    {
        Assert.True(await store.TrySaveAsync("tenant:acme", """{"tenant":"acme","ring":"early"}""", etag: null));

        var save = Assert.Single(sidecar.Recorder.StateCalls, c => c.Operation == "SaveState");
        Assert.Null(save.ETag);
        Assert.Equal("assignments", save.Store);
        // The document itself, not a JSON string holding it: Redis' "data" field holds the same bytes as in direct mode.
        Assert.Equal("""{"tenant":"acme","ring":"early"}""", sidecar.State.Peek("assignments", "tenant:acme")!.Value.Data);

        var entry = await store.GetAsync("tenant:acme");
        Assert.NotNull(entry);
        Assert.Equal("early", JsonDocument.Parse(entry.Json).RootElement.GetProperty("ring").GetString());
        Assert.Equal("1", entry.ETag);
    }

    [Fact]
    public async Task A_write_with_the_current_ETag_is_a_first_write_conditional_save_and_moves_the_ETag()
    {
        await store.TrySaveAsync("ring:early", """{"ring":"early"}""", null);
        var read = (await store.GetAsync("ring:early"))!;

        Assert.True(await store.TrySaveAsync("ring:early", """{"ring":"early","x":1}""", read.ETag));

        var conditional = sidecar.Recorder.StateCalls.Last(c => c.Operation == "SaveState");
        Assert.Equal(("1", "ConcurrencyFirstWrite", "OK", "2"), (conditional.ETag, conditional.Concurrency, conditional.Outcome, conditional.ResultETag));
        Assert.Equal("2", (await store.GetAsync("ring:early"))!.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_ETag_returns_false_and_changes_nothing()
    {
        await store.TrySaveAsync("tenant:acme", """{"v":1}""", null);
        await store.TrySaveAsync("tenant:acme", """{"v":2}""", "1");

        Assert.False(await store.TrySaveAsync("tenant:acme", """{"v":3}""", "1"));

        Assert.Equal("Aborted", sidecar.Recorder.StateCalls.Last().Outcome);
        Assert.Equal(("""{"v":2}""", "2"), sidecar.State.Peek("assignments", "tenant:acme")!.Value);
    }

    [Fact]
    public async Task Two_writers_with_the_same_ETag_one_wins_the_other_is_told()
    {
        await store.TrySaveAsync("tenant:acme", """{"v":0}""", null);

        var results = await Task.WhenAll(
            store.TrySaveAsync("tenant:acme", """{"v":"a"}""", "1"),
            store.TrySaveAsync("tenant:acme", """{"v":"b"}""", "1"));

        Assert.Single(results, r => r);
        Assert.Equal("2", sidecar.State.Peek("assignments", "tenant:acme")!.Value.ETag);
    }

    [Fact]
    public async Task Two_admins_changing_the_same_tenant_through_the_assignment_store_one_wins()
    {
        var assignments = new AssignmentStore(store);
        await assignments.TrySaveTenantAsync(new TenantAssignment("acme", "stable", new Dictionary<string, string>()), null);
        var first = (await assignments.GetTenantAsync("acme"))!;
        var second = (await assignments.GetTenantAsync("acme"))!;

        Assert.True(await assignments.TrySaveTenantAsync(first.Value with { Ring = "early" }, first.ETag));
        Assert.False(await assignments.TrySaveTenantAsync(second.Value with { Overrides = new Dictionary<string, string> { ["contacts"] = "v2" } }, second.ETag));

        var saved = (await assignments.GetTenantAsync("acme"))!.Value;
        Assert.Equal("early", saved.Ring);
        Assert.Empty(saved.Overrides);
    }

    [Fact]
    public async Task The_SDK_uses_only_the_Dapr_runtime_state_methods_the_stand_in_answers()
    {
        await store.TrySaveAsync("tenant:acme", """{"v":0}""", null);
        await store.TrySaveAsync("tenant:acme", """{"v":1}""", "1");
        await store.GetAsync("tenant:acme");

        Assert.Equal(["/dapr.proto.runtime.v1.Dapr/GetState", "/dapr.proto.runtime.v1.Dapr/SaveState"], sidecar.Recorder.GrpcMethods.Distinct().Order());
    }

    [Fact]
    public async Task An_unknown_store_is_an_error_not_a_missing_key()
    {
        await using var other = await DaprSidecarStandIn.StartAsync(new StandInOptions { AppId = "login", StateStores = ["something-else"] });
        using var otherClient = new DaprClientBuilder().UseGrpcEndpoint(other.GrpcAddress.ToString()).Build();

        await Assert.ThrowsAsync<DaprException>(() => new DaprStateStore(otherClient).GetAsync("tenant:acme"));
    }
}
