using System.Text.Json;
using Platform.Login.Drain;
using Platform.Login.Store;
using Platform.Sessions.Revocation;
using SessionOptions = Platform.Settings.SessionOptions;

namespace Platform.Login.Sessions;

/// <summary>
/// The revocation feed in the state store: one document (<c>sessions:revocations</c>) with the entries still in force
/// and the last sequence number, appended by ETag compare-and-set so concurrent appends from several login instances
/// each get their own number and none is lost. Entries leave once no session they could affect is still valid
/// (<see cref="SessionOptions.Lifetime"/> after they were made), so the document stays as small as the sessions
/// ended within one session lifetime.
/// </summary>
internal sealed class RevocationStore(IStateStore state, TimeProvider clock, Microsoft.Extensions.Options.IOptions<SessionOptions> sessions, OpenSessionRecorder openSessions) : IRevocationSource
{
    private const string Key = "sessions:revocations";
    private const int Tries = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Every revocation also leaves the drain view's open sessions here, the one place sessions are ended, so no
    // later way of ending sessions can forget it.

    /// <summary>Ends one session (sign-out).</summary>
    public async Task<RevocationEntry> RevokeSessionAsync(string sessionId, CancellationToken ct)
    {
        var entry = await AppendAsync(RevocationKinds.Session, sessionId, issuedBefore: null, ct);
        await openSessions.SessionEndedAsync(sessionId, ct);
        return entry;
    }

    /// <summary>Ends every session of <paramref name="username"/> issued until now (disabled, roles changed).</summary>
    public async Task<RevocationEntry> RevokeUserAsync(string username, CancellationToken ct)
    {
        var entry = await AppendAsync(RevocationKinds.User, username.ToLowerInvariant(), clock.GetUtcNow(), ct);
        await openSessions.UserSessionsEndedAsync(entry.Subject, entry.IssuedBefore!.Value, ct);
        return entry;
    }

    /// <summary>
    /// Has every session of <paramref name="tenant"/> issued until now moved to the tenant's current versions on its
    /// next request (the gateways apply it within about a second; <see cref="RepinEndpoint"/> does the move).
    /// </summary>
    public Task<RevocationEntry> RepinTenantAsync(string tenant, CancellationToken ct) =>
        AppendAsync(RevocationKinds.Repin, tenant.ToLowerInvariant(), clock.GetUtcNow(), ct);

    /// <summary>
    /// The feed as the store holds it now, applied to a set of its own: for a decision that must not rest on this
    /// process's copy, up to a second old (re-pinning a session must not revive one ended a moment ago).
    /// </summary>
    public async Task<RevocationSet> ReadCurrentAsync(CancellationToken ct)
    {
        var current = new RevocationSet(clock);
        current.Apply(await ReadAsync(0, ct));
        return current;
    }

    public async Task<RevocationFeed> ReadAsync(long after, CancellationToken ct)
    {
        var (document, _) = await ReadDocumentAsync(ct);
        return new RevocationFeed(document.Last, document.Entries.Where(e => e.Sequence > after).ToList());
    }

    private async Task<RevocationEntry> AppendAsync(string kind, string subject, DateTimeOffset? issuedBefore, CancellationToken ct)
    {
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            var (document, etag) = await ReadDocumentAsync(ct);
            var now = clock.GetUtcNow();
            var entry = new RevocationEntry(document.Last + 1, kind, subject, issuedBefore, now + sessions.Value.Lifetime);
            var next = new Document(entry.Sequence, [.. document.Entries.Where(e => e.Expires > now), entry]);
            if (await state.TrySaveAsync(Key, JsonSerializer.Serialize(next, Json), etag, ct))
            {
                return entry;
            }
        }

        throw new InvalidOperationException($"The revocation feed stayed contended over {Tries} attempts; the revocation was not recorded.");
    }

    private async Task<(Document Document, string? ETag)> ReadDocumentAsync(CancellationToken ct) =>
        await state.GetAsync(Key, ct) is { } entry
            ? (JsonSerializer.Deserialize<Document>(entry.Json, Json) ?? new Document(0, []), entry.ETag)
            : (new Document(0, []), null);

    private sealed record Document(long Last, IReadOnlyList<RevocationEntry> Entries);
}
