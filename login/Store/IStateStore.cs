namespace Platform.Login.Store;

/// <summary>A stored value and its ETag: the version the store gave it, to be handed back on the next write.</summary>
public sealed record StateEntry(string Json, string ETag);

/// <summary>
/// One write of a <see cref="IStateStore.TrySaveAllAsync"/> transaction. With an <see cref="ETag"/> it only applies
/// when the stored ETag still equals it; with <see cref="CreateOnly"/> only when the key does not exist yet; with
/// neither it always applies.
/// </summary>
public sealed record StateWrite(string Key, string Json, string? ETag = null)
{
    public bool CreateOnly { get; init; }
}

/// <summary>
/// The assignment store's port: a key/value store of JSON documents with ETag concurrency, the shape of the Dapr
/// state API, so Redis, the embedded store and Dapr's state store all plug in behind it without login caring.
/// </summary>
public interface IStateStore
{
    /// <summary>Null when the key does not exist.</summary>
    Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="json"/> under <paramref name="key"/>. With an <paramref name="etag"/> the write only
    /// happens when the stored ETag still equals it; without one it always happens. A missing key never matches,
    /// except through Dapr's state API over Redis, which creates it: login only writes with an ETag it just read.
    /// </summary>
    /// <returns>False when the ETag did not match: someone else wrote first and nothing was written.</returns>
    Task<bool> TrySaveAsync(string key, string json, string? etag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies every write or none: the conditions of all of them are checked first, and one that does not hold
    /// writes nothing (Redis: one script; SQLite: one transaction; Dapr: one state transaction). Used to record an
    /// audit entry with the change it describes, so a change that was saved is never without its entry.
    /// </summary>
    /// <returns>False when a condition did not hold.</returns>
    Task<bool> TrySaveAllAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="key"/>; nothing happens when it does not exist.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

public static class StateStoreNames
{
    /// <summary>
    /// The state store's name. Stores lay keys out as <c>assignments||{key}</c>, as Dapr's Redis state store does with
    /// <c>keyPrefix: name</c>, so direct and Dapr mode read and write the same data.
    /// </summary>
    public const string Assignments = "assignments";
}
