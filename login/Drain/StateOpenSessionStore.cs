using System.Text.Json;
using Platform.Login.Store;

namespace Platform.Login.Drain;

/// <summary>
/// Open sessions through the state API alone (Dapr mode): the state API cannot count or enumerate keys, so the
/// sessions still open are one document (<c>drain:open-sessions</c>), changed by ETag compare-and-set so concurrent
/// sign-ins on several login instances each get in and none is lost. One document rather than one per version keeps
/// a sign-in at one extra write whatever the number of services.
/// </summary>
/// <remarks>
/// Expired sessions are dropped on every write, so the document holds the sessions of one session lifetime. The
/// document's very first write cannot be conditional (the state API has no "create only"), so two sign-ins that
/// create it in the same instant may count one session less, once per store. Heavy
/// sign-in traffic contends on it; a deployment with that much runs the Redis store (<see cref="RedisOpenSessionStore"/>).
/// </remarks>
internal sealed class StateOpenSessionStore(IStateStore state) : IOpenSessionStore
{
    private const string Key = "drain:open-sessions";
    private const int Tries = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task RecordAsync(OpenSession session, CancellationToken ct) =>
        ChangeAsync(sessions => sessions
            .Where(s => s.Expires > session.IssuedAt && s.SessionId != session.SessionId)
            .Append(Entry.From(session)), ct);

    public Task EndSessionAsync(string sessionId, CancellationToken ct) =>
        ChangeAsync(sessions => sessions.Where(s => s.SessionId != sessionId), ct);

    public Task EndUserSessionsAsync(string user, DateTimeOffset issuedBefore, CancellationToken ct) =>
        ChangeAsync(sessions => sessions.Where(s => !(string.Equals(s.User, user, StringComparison.OrdinalIgnoreCase) && s.IssuedAt < issuedBefore)), ct);

    public async Task<IReadOnlyDictionary<string, long>> CountOpenAsync(IReadOnlyCollection<string> appIds, DateTimeOffset now, CancellationToken ct)
    {
        var (sessions, _) = await ReadAsync(ct);
        var open = sessions.Where(s => s.Expires > now).ToList();
        return appIds.Distinct(StringComparer.Ordinal)
            .ToDictionary(a => a, a => (long)open.Count(s => s.AppIds.Contains(a, StringComparer.Ordinal)), StringComparer.Ordinal);
    }

    private async Task ChangeAsync(Func<IEnumerable<Entry>, IEnumerable<Entry>> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            var (sessions, etag) = await ReadAsync(ct);
            var next = change(sessions).ToList();
            if ((etag is not null && next.Count == sessions.Count && next.SequenceEqual(sessions))
                || await state.TrySaveAsync(Key, JsonSerializer.Serialize(new Document(next), Json), etag, ct))
            {
                return;
            }
        }

        throw new InvalidOperationException($"The open sessions document stayed contended over {Tries} attempts; the change was not recorded.");
    }

    private async Task<(IReadOnlyList<Entry> Sessions, string? ETag)> ReadAsync(CancellationToken ct) =>
        await state.GetAsync(Key, ct) is { } entry
            ? ((JsonSerializer.Deserialize<Document>(entry.Json, Json) ?? new Document([])).Sessions, entry.ETag)
            : ([], null);

    private sealed record Document(IReadOnlyList<Entry> Sessions);

    private sealed record Entry(string SessionId, string User, DateTimeOffset IssuedAt, DateTimeOffset Expires, IReadOnlyList<string> AppIds)
    {
        public static Entry From(OpenSession session) =>
            new(session.SessionId, session.User.ToLowerInvariant(), session.IssuedAt, session.Expires, session.AppIds);
    }
}
