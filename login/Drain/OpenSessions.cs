namespace Platform.Login.Drain;

/// <summary>A session login issued: what the drain view counts until it expires or is ended.</summary>
/// <param name="AppIds">The versions it is pinned to, as app-ids (<c>contacts-v2</c>); empty for a user without tenant.</param>
internal sealed record OpenSession(string SessionId, string User, DateTimeOffset IssuedAt, DateTimeOffset Expires, IReadOnlyList<string> AppIds);

/// <summary>
/// The sessions login issued and nobody ended, in the shared store, so every login instance counts the same
/// sessions: recorded at sign-in (one write), removed at sign-out and when a user's sessions are revoked. Expired
/// ones are never counted and are dropped as the store is written.
/// </summary>
internal interface IOpenSessionStore
{
    /// <summary>Records a session before its cookie is handed out (one store write).</summary>
    Task RecordAsync(OpenSession session, CancellationToken ct);

    /// <summary>Removes one session (sign-out). Unknown or already removed ids are ignored.</summary>
    Task EndSessionAsync(string sessionId, CancellationToken ct);

    /// <summary>Removes every session of <paramref name="user"/> issued before <paramref name="issuedBefore"/> (disabled, roles changed).</summary>
    Task EndUserSessionsAsync(string user, DateTimeOffset issuedBefore, CancellationToken ct);

    /// <summary>Per app-id, the sessions pinned to it that expire after <paramref name="now"/>; every asked app-id is in the answer.</summary>
    Task<IReadOnlyDictionary<string, long>> CountOpenAsync(IReadOnlyCollection<string> appIds, DateTimeOffset now, CancellationToken ct);
}
