using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Login.Assignments;
using Platform.Login.Audit;
using Platform.Login.Seeding;
using Platform.Login.Store;

namespace Platform.Tests.Login.Store;

/// <summary>
/// What every state store behind <see cref="IStateStore"/> must do, so Redis, the embedded store and Dapr's state API
/// cannot drift apart. A store's test class derives from this and says how to start its backend and open a client;
/// every test here then runs against it.
/// </summary>
/// <remarks>
/// Each test gets a fresh backend (<see cref="StartBackendAsync"/>), and keys are unique per test anyway, so a
/// subclass may also share one backend between tests. Clients are opened with <see cref="OpenStoreAsync"/>, which
/// may be called more than once per test (a second client, or reopening after closing the first); whatever a client
/// holds open is registered with <see cref="Track"/> and closed by the base class.
/// </remarks>
public abstract class StateStoreContract : IAsyncLifetime
{
    private readonly List<object> tracked = [];

    /// <summary>The client the tests use; opened after the backend started.</summary>
    protected IStateStore Store { get; private set; } = null!;

    /// <summary>Starts what the store needs (a server process, a temporary file). Fails loudly if it cannot.</summary>
    protected virtual Task StartBackendAsync() => Task.CompletedTask;

    /// <summary>Stops what <see cref="StartBackendAsync"/> started; runs after every client is closed.</summary>
    protected virtual Task StopBackendAsync() => Task.CompletedTask;

    /// <summary>
    /// True for a store that, like Dapr's state API over Redis, writes when given an ETag for a key that does not
    /// exist. Login never does that (it writes with the ETag it just read), so the difference is allowed, but pinned
    /// down here so it cannot change unnoticed.
    /// </summary>
    protected virtual bool ETagOnMissingKeyCreates => false;

    /// <summary>A new client over the backend's data, as a restarted login would open it.</summary>
    protected abstract Task<IStateStore> OpenStoreAsync();

    /// <summary>Registers something a client holds open (a connection, a pool) to be disposed with the client.</summary>
    protected T Track<T>(T disposable) where T : class
    {
        tracked.Add(disposable);
        return disposable;
    }

    public async Task InitializeAsync()
    {
        await StartBackendAsync();
        Store = await OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        await CloseClientsAsync();
        await StopBackendAsync();
    }

    [Fact]
    public async Task Get_of_a_missing_key_is_null()
    {
        Assert.Null(await Store.GetAsync(NewKey()));
    }

    [Fact]
    public async Task Saved_json_reads_back_with_an_etag()
    {
        var key = NewKey();

        Assert.True(await Store.TrySaveAsync(key, """{"tenant":"acme","ring":"early"}""", null));

        var entry = await Store.GetAsync(key);
        Assert.NotNull(entry);
        AssertSameJson("""{"tenant":"acme","ring":"early"}""", entry.Json);
        Assert.False(string.IsNullOrEmpty(entry.ETag));
    }

    [Fact]
    public async Task Save_without_an_etag_always_writes_and_changes_the_etag()
    {
        var key = NewKey();
        await Store.TrySaveAsync(key, """{"n":1}""", null);
        var first = await Store.GetAsync(key);

        Assert.True(await Store.TrySaveAsync(key, """{"n":2}""", null));

        var second = await Store.GetAsync(key);
        AssertSameJson("""{"n":2}""", second!.Json);
        Assert.NotEqual(first!.ETag, second.ETag);
    }

    [Fact]
    public async Task Save_with_the_current_etag_writes_and_gives_a_new_etag()
    {
        var key = NewKey();
        await Store.TrySaveAsync(key, """{"n":1}""", null);
        var read = await Store.GetAsync(key);

        Assert.True(await Store.TrySaveAsync(key, """{"n":2}""", read!.ETag));

        var after = await Store.GetAsync(key);
        AssertSameJson("""{"n":2}""", after!.Json);
        Assert.NotEqual(read.ETag, after.ETag);
    }

    [Fact]
    public async Task Save_with_a_stale_etag_is_refused_and_writes_nothing()
    {
        var key = NewKey();
        await Store.TrySaveAsync(key, """{"n":1}""", null);
        var stale = (await Store.GetAsync(key))!.ETag;
        await Store.TrySaveAsync(key, """{"n":2}""", stale);
        var current = await Store.GetAsync(key);

        Assert.False(await Store.TrySaveAsync(key, """{"n":3}""", stale));

        var after = await Store.GetAsync(key);
        AssertSameJson("""{"n":2}""", after!.Json);
        Assert.Equal(current!.ETag, after.ETag);
    }

    [Fact]
    public async Task Save_with_an_etag_on_a_missing_key_is_refused_and_creates_nothing()
    {
        var key = NewKey();
        var someETag = await SomeRealETagAsync();

        Assert.Equal(ETagOnMissingKeyCreates, await Store.TrySaveAsync(key, """{"n":1}""", someETag));

        Assert.Equal(ETagOnMissingKeyCreates, await Store.GetAsync(key) is not null);
    }

    [Fact]
    public async Task Of_many_concurrent_writers_with_the_same_etag_exactly_one_wins()
    {
        var key = NewKey();
        await Store.TrySaveAsync(key, """{"writer":-1}""", null);
        var etag = (await Store.GetAsync(key))!.ETag;
        // Two clients, as two login instances (or two admins' requests on two instances) would be.
        var clients = new[] { Store, await OpenStoreAsync() };

        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, 24).Select(writer => Task.Run(async () =>
        {
            start.Wait();
            return (writer, won: await clients[writer % 2].TrySaveAsync(key, $$"""{"writer":{{writer}}}""", etag));
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(writers);

        var winner = Assert.Single(results, r => r.won);
        AssertSameJson($$"""{"writer":{{winner.writer}}}""", (await Store.GetAsync(key))!.Json);
    }

    [Fact]
    public async Task Data_survives_reopening_the_store()
    {
        var key = NewKey();
        await Store.TrySaveAsync(key, """{"n":1}""", null);
        var before = await Store.GetAsync(key);

        await CloseClientsAsync();
        var reopened = await OpenStoreAsync();

        var after = await reopened.GetAsync(key);
        AssertSameJson("""{"n":1}""", after!.Json);
        Assert.Equal(before!.ETag, after.ETag);
        Assert.True(await reopened.TrySaveAsync(key, """{"n":2}""", after.ETag));
    }

    [Fact]
    public async Task Seeding_twice_writes_nothing_the_second_time()
    {
        var counting = new CountingStateStore(Store);
        var assignments = new AssignmentStore(counting);
        var seed = new DevelopmentSeed(assignments, new PasswordHasher<UserAccount>(), NullLogger<DevelopmentSeed>.Instance);

        await seed.StartAsync(CancellationToken.None);
        Assert.True(counting.Writes > 0);
        var tenantsAfterFirst = await assignments.ListTenantsAsync();
        var alice = await assignments.FindUserAsync("alice@acme.test");
        counting.Writes = 0;

        await seed.StartAsync(CancellationToken.None);

        Assert.Equal(0, counting.Writes);
        Assert.Equal(["acme", "globex"], tenantsAfterFirst.Select(t => t.Value.Tenant).Order());
        Assert.Equal(tenantsAfterFirst.Select(t => t.ETag), (await assignments.ListTenantsAsync()).Select(t => t.ETag));
        Assert.Equal(alice!.PasswordHash, (await assignments.FindUserAsync("alice@acme.test"))!.PasswordHash);
        Assert.Equal(["early", "stable"], (await assignments.ListRingsAsync()).Select(r => r.Value.Ring).Order());
    }

    [Fact]
    public async Task Saving_several_writes_at_once_applies_all_when_every_condition_holds()
    {
        var (existing, created, plain) = (NewKey(), NewKey(), NewKey());
        await Store.TrySaveAsync(existing, """{"n":1}""", null);
        var etag = (await Store.GetAsync(existing))!.ETag;

        Assert.True(await Store.TrySaveAllAsync(
        [
            new StateWrite(existing, """{"n":2}""", etag),
            new StateWrite(created, """{"created":true}""") { CreateOnly = true },
            new StateWrite(plain, """{"plain":true}"""),
        ]));

        AssertSameJson("""{"n":2}""", (await Store.GetAsync(existing))!.Json);
        Assert.NotEqual(etag, (await Store.GetAsync(existing))!.ETag);
        AssertSameJson("""{"created":true}""", (await Store.GetAsync(created))!.Json);
        AssertSameJson("""{"plain":true}""", (await Store.GetAsync(plain))!.Json);
    }

    [Fact]
    public async Task Saving_several_writes_at_once_with_one_stale_etag_writes_none_of_them()
    {
        var (stale, other) = (NewKey(), NewKey());
        await Store.TrySaveAsync(stale, """{"n":1}""", null);
        var oldETag = (await Store.GetAsync(stale))!.ETag;
        await Store.TrySaveAsync(stale, """{"n":2}""", oldETag);

        // The stale write goes last, so a store that wrote as it went would already have written the first.
        Assert.False(await Store.TrySaveAllAsync([new StateWrite(other, """{"other":true}"""), new StateWrite(stale, """{"n":3}""", oldETag)]));

        AssertSameJson("""{"n":2}""", (await Store.GetAsync(stale))!.Json);
        Assert.Null(await Store.GetAsync(other));
    }

    [Fact]
    public async Task A_create_only_write_is_refused_when_the_key_exists()
    {
        var key = NewKey();
        Assert.True(await Store.TrySaveAllAsync([new StateWrite(key, """{"n":1}""") { CreateOnly = true }]));

        Assert.False(await Store.TrySaveAllAsync([new StateWrite(key, """{"n":2}""") { CreateOnly = true }]));

        AssertSameJson("""{"n":1}""", (await Store.GetAsync(key))!.Json);
    }

    [Fact]
    public async Task Delete_removes_a_key_and_deleting_a_missing_key_is_no_error()
    {
        var key = NewKey();
        await Store.TrySaveAsync(key, """{"n":1}""", null);

        await Store.DeleteAsync(key);
        await Store.DeleteAsync(key);

        Assert.Null(await Store.GetAsync(key));
    }

    [Fact]
    public async Task An_audited_change_is_saved_with_its_entry_and_listed_newest_first()
    {
        var (tenant, assignments, trail) = await NewAuditedTenantAsync();
        var read = (await assignments.GetTenantAsync(tenant))!;

        var first = await trail.TrySaveAsync(AssignmentStore.TenantWrite(read.Value with { Ring = "early" }, read.ETag),
            AuditedChange.TenantRing(tenant, "stable", "early"), "admin@platform.test", "pilot");
        var moved = (await assignments.GetTenantAsync(tenant))!;
        var second = await trail.TrySaveAsync(AssignmentStore.TenantWrite(moved.Value with { Ring = "stable" }, moved.ETag),
            AuditedChange.TenantRing(tenant, "early", "stable"), "admin@platform.test", null);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(second.Id > first.Id);
        Assert.Equal("stable", (await assignments.GetTenantAsync(tenant))!.Value.Ring);
        var page = await trail.ListAsync(new AuditFilter(Tenant: tenant), limit: 10);
        Assert.Equal([second.Id, first.Id], page.Entries.Select(e => e.Id));
        Assert.Equal(("admin@platform.test", "stable", "early", "pilot"), (page.Entries[1].Admin, page.Entries[1].Before, page.Entries[1].After, page.Entries[1].Reason));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task An_audited_change_with_a_stale_etag_saves_neither_the_change_nor_an_entry()
    {
        var (tenant, assignments, trail) = await NewAuditedTenantAsync();
        var stale = (await assignments.GetTenantAsync(tenant))!;
        Assert.True(await assignments.TrySaveTenantAsync(stale.Value with { Ring = "other" }, stale.ETag));

        var entry = await trail.TrySaveAsync(AssignmentStore.TenantWrite(stale.Value with { Ring = "early" }, stale.ETag),
            AuditedChange.TenantRing(tenant, "stable", "early"), "admin@platform.test", "too late");

        Assert.Null(entry);
        Assert.Equal("other", (await assignments.GetTenantAsync(tenant))!.Value.Ring);
        Assert.Empty((await trail.ListAsync(new AuditFilter(Tenant: tenant), limit: 10)).Entries);
    }

    [Fact]
    public async Task Audited_changes_made_at_once_on_two_clients_each_get_their_own_entry()
    {
        var tenants = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            tenants.Add((await NewAuditedTenantAsync()).Tenant);
        }

        var clients = new[] { Store, await OpenStoreAsync() };
        var saved = await Task.WhenAll(tenants.Select(async (tenant, i) =>
        {
            var assignments = new AssignmentStore(clients[i % 2]);
            var trail = new AuditTrail(clients[i % 2], TimeProvider.System);
            var read = (await assignments.GetTenantAsync(tenant))!;
            return await trail.TrySaveAsync(AssignmentStore.TenantWrite(read.Value with { Ring = "early" }, read.ETag),
                AuditedChange.TenantRing(tenant, "stable", "early"), "admin@platform.test", null);
        }));

        Assert.All(saved, Assert.NotNull);
        Assert.Equal(saved.Length, saved.Select(e => e!.Id).Distinct().Count());
        var listed = new AuditTrail(Store, TimeProvider.System);
        foreach (var entry in saved)
        {
            Assert.Equal(entry, await listed.GetAsync(entry!.Id));
        }
    }

    private async Task<(string Tenant, AssignmentStore Assignments, AuditTrail Trail)> NewAuditedTenantAsync()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var assignments = new AssignmentStore(Store);
        // The first save of a tenant has no ETag to send: a plain write, as seeding does.
        Assert.True(await Store.TrySaveAsync("tenant:" + tenant, $$$"""{"tenant":"{{{tenant}}}","ring":"stable","overrides":{}}""", null));
        return (tenant, assignments, new AuditTrail(Store, TimeProvider.System));
    }

    /// <summary>A key no other test uses, so a subclass may share one backend across tests.</summary>
    protected static string NewKey() => "contract:" + Guid.NewGuid().ToString("N");

    private async Task<string> SomeRealETagAsync()
    {
        var other = NewKey();
        await Store.TrySaveAsync(other, """{"n":0}""", null);
        return (await Store.GetAsync(other))!.ETag;
    }

    private async Task CloseClientsAsync()
    {
        foreach (var item in Enumerable.Reverse(tracked))
        {
            switch (item)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        tracked.Clear();
    }

    // Stores may normalise JSON (Dapr re-serialises it), so compare meaning, not bytes.
    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}, got {actual}.");

    private sealed class CountingStateStore(IStateStore inner) : IStateStore
    {
        public int Writes { get; set; }

        public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

        public Task<bool> TrySaveAsync(string key, string json, string? etag, CancellationToken cancellationToken = default)
        {
            Writes++;
            return inner.TrySaveAsync(key, json, etag, cancellationToken);
        }

        public Task<bool> TrySaveAllAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
        {
            Writes += writes.Count;
            return inner.TrySaveAllAsync(writes, cancellationToken);
        }

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
        {
            Writes++;
            return inner.DeleteAsync(key, cancellationToken);
        }
    }
}
