using System.Text.Json;
using Platform.Login.Store;

namespace Platform.Login.Assignments;

/// <summary>
/// Tenants, rings and users as JSON documents in the state store. Keys: <c>tenant:{id}</c>, <c>ring:{id}</c>,
/// <c>user:{username}</c>, and the lists <c>index:tenants</c> and <c>index:rings</c> (state stores cannot enumerate).
/// </summary>
public sealed class AssignmentStore(IStateStore state)
{
    private const string TenantIndexKey = "index:tenants";
    private const string RingIndexKey = "index:rings";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<Versioned<TenantAssignment>?> GetTenantAsync(string tenant, CancellationToken ct = default) =>
        GetAsync<TenantAssignment>(TenantKey(tenant), ct);

    public Task<Versioned<RingAssignment>?> GetRingAsync(string ring, CancellationToken ct = default) =>
        GetAsync<RingAssignment>(RingKey(ring), ct);

    public async Task<UserAccount?> FindUserAsync(string username, CancellationToken ct = default) =>
        (await GetUserAsync(username, ct))?.Value;

    public Task<Versioned<UserAccount>?> GetUserAsync(string username, CancellationToken ct = default) =>
        GetAsync<UserAccount>(UserKey(username), ct);

    public async Task<IReadOnlyList<Versioned<TenantAssignment>>> ListTenantsAsync(CancellationToken ct = default) =>
        await ListAsync(TenantIndexKey, GetTenantAsync, ct);

    public async Task<IReadOnlyList<Versioned<RingAssignment>>> ListRingsAsync(CancellationToken ct = default) =>
        await ListAsync(RingIndexKey, GetRingAsync, ct);

    /// <summary>Saves a tenant; false when <paramref name="etag"/> is stale (someone else changed it first).</summary>
    public Task<bool> TrySaveTenantAsync(TenantAssignment tenant, string? etag, CancellationToken ct = default) =>
        state.TrySaveAsync(TenantKey(tenant.Tenant), JsonSerializer.Serialize(tenant, Json), etag, ct);

    public Task<bool> TrySaveRingAsync(RingAssignment ring, string? etag, CancellationToken ct = default) =>
        state.TrySaveAsync(RingKey(ring.Ring), JsonSerializer.Serialize(ring, Json), etag, ct);

    /// <summary>A tenant's save as one write of a transaction (with its audit entry), only if it still has <paramref name="etag"/>.</summary>
    public static StateWrite TenantWrite(TenantAssignment tenant, string etag) =>
        new(TenantKey(tenant.Tenant), JsonSerializer.Serialize(tenant, Json), etag);

    /// <summary>A ring's save as one write of a transaction (with its audit entry), only if it still has <paramref name="etag"/>.</summary>
    public static StateWrite RingWrite(RingAssignment ring, string etag) =>
        new(RingKey(ring.Ring), JsonSerializer.Serialize(ring, Json), etag);

    public Task<bool> TrySaveUserAsync(UserAccount user, CancellationToken ct = default) =>
        TrySaveUserAsync(user, null, ct);

    /// <summary>Saves a user; with an <paramref name="etag"/>, false when it is stale.</summary>
    public Task<bool> TrySaveUserAsync(UserAccount user, string? etag, CancellationToken ct = default) =>
        state.TrySaveAsync(UserKey(user.Username), JsonSerializer.Serialize(user, Json), etag, ct);

    /// <summary>Adds ids to the tenant and ring lists, keeping what is there (ETag-checked, so nothing is dropped).</summary>
    public async Task<bool> TryAddToIndexesAsync(IEnumerable<string> tenants, IEnumerable<string> rings, CancellationToken ct = default) =>
        await TryAddToIndexAsync(TenantIndexKey, tenants, ct) & await TryAddToIndexAsync(RingIndexKey, rings, ct);

    private async Task<bool> TryAddToIndexAsync(string indexKey, IEnumerable<string> ids, CancellationToken ct)
    {
        var current = await GetAsync<string[]>(indexKey, ct);
        var merged = (current?.Value ?? []).Union(ids, StringComparer.Ordinal).ToArray();
        return merged.Length == current?.Value.Length
            || await state.TrySaveAsync(indexKey, JsonSerializer.Serialize(merged, Json), current?.ETag, ct);
    }

    private async Task<IReadOnlyList<Versioned<T>>> ListAsync<T>(string indexKey, Func<string, CancellationToken, Task<Versioned<T>?>> get, CancellationToken ct)
    {
        var ids = (await GetAsync<string[]>(indexKey, ct))?.Value ?? [];
        var items = await Task.WhenAll(ids.Select(id => get(id, ct)));
        return items.OfType<Versioned<T>>().ToList();
    }

    private async Task<Versioned<T>?> GetAsync<T>(string key, CancellationToken ct)
    {
        var entry = await state.GetAsync(key, ct);
        if (entry is null)
        {
            return null;
        }

        var value = JsonSerializer.Deserialize<T>(entry.Json, Json)
            ?? throw new InvalidDataException($"The state store holds null under '{key}'.");
        return new Versioned<T>(value, entry.ETag);
    }

    // Ids are case-insensitive to people ("ACME" is "acme"), so keys use one case.
    private static string TenantKey(string tenant) => "tenant:" + tenant.ToLowerInvariant();

    private static string RingKey(string ring) => "ring:" + ring.ToLowerInvariant();

    private static string UserKey(string username) => "user:" + username.ToLowerInvariant();
}
