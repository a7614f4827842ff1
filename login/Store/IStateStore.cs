namespace Platform.Login.Store;

/// <summary>A stored value and its ETag: the version the store gave it, to be handed back on the next write.</summary>
public sealed record StateEntry(string Json, string ETag);

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
}

public static class StateStoreNames
{
    /// <summary>
    /// The state store's name. Stores lay keys out as <c>assignments||{key}</c>, as Dapr's Redis state store does with
    /// <c>keyPrefix: name</c>, so direct and Dapr mode read and write the same data.
    /// </summary>
    public const string Assignments = "assignments";
}
