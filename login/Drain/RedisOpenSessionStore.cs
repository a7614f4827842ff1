using StackExchange.Redis;

namespace Platform.Login.Drain;

/// <summary>
/// Open sessions in Redis: per version a sorted set of session ids scored by expiry (counted with ZCOUNT from now,
/// so expired ones are never counted), per user the same for revoking a user's sessions, and per session a hash with
/// its user, issue time and versions (expiring with it) for sign-out.
/// </summary>
/// <remarks>
/// Every key carries the hash tag <c>{drain}</c>, so all of them live in one slot and the multi-key scripts below also
/// run on a clustered Redis. Recording a session is one script: one round trip at sign-in.
/// </remarks>
internal sealed class RedisOpenSessionStore(IConnectionMultiplexer redis) : IOpenSessionStore
{
    private const string Prefix = "platform:{drain}:";

    // KEYS: session hash, user set, then one set per pinned version. ARGV: id, user, issued ms, expires ms, versions.
    // Members expired by the time this session was issued are trimmed from every set written, so sets stay as large
    // as the sessions still open, and each set expires with its last member.
    private const string RecordScript = """
        redis.call('HSET', KEYS[1], 'user', ARGV[2], 'issued', ARGV[3], 'versions', ARGV[5])
        redis.call('PEXPIREAT', KEYS[1], ARGV[4])
        for i = 2, #KEYS do
          redis.call('ZADD', KEYS[i], ARGV[4], ARGV[1])
          redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[3])
          local last = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
          redis.call('PEXPIREAT', KEYS[i], tonumber(last[2]))
        end
        return 1
        """;

    // KEYS: session hash, user set, then the sets of its versions. ARGV: id.
    private const string EndScript = """
        redis.call('DEL', KEYS[1])
        for i = 2, #KEYS do
          redis.call('ZREM', KEYS[i], ARGV[1])
        end
        return 1
        """;

    public async Task RecordAsync(OpenSession session, CancellationToken ct)
    {
        RedisKey[] keys = [SessionKey(session.SessionId), UserKey(session.User), .. session.AppIds.Select(VersionKey)];
        await redis.GetDatabase().ScriptEvaluateAsync(RecordScript, keys,
        [
            session.SessionId, session.User.ToLowerInvariant(), session.IssuedAt.ToUnixTimeMilliseconds(),
            session.Expires.ToUnixTimeMilliseconds(), string.Join(' ', session.AppIds),
        ]);
    }

    public async Task EndSessionAsync(string sessionId, CancellationToken ct)
    {
        var fields = await redis.GetDatabase().HashGetAsync(SessionKey(sessionId), ["user", "versions"]);
        if (fields[0].IsNull)
        {
            return;
        }

        await EndAsync(sessionId, fields[0].ToString(), fields[1].ToString());
    }

    public async Task EndUserSessionsAsync(string user, DateTimeOffset issuedBefore, CancellationToken ct)
    {
        var database = redis.GetDatabase();
        var before = issuedBefore.ToUnixTimeMilliseconds();
        foreach (var member in await database.SortedSetRangeByRankAsync(UserKey(user)))
        {
            var sessionId = member.ToString();
            var fields = await database.HashGetAsync(SessionKey(sessionId), ["issued", "versions"]);
            // A session issued after the revocation is not ended by it; a hash gone means the session expired.
            if (fields[0].IsNull || (long)fields[0] < before)
            {
                await EndAsync(sessionId, user, fields[1].IsNull ? "" : fields[1].ToString());
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, long>> CountOpenAsync(IReadOnlyCollection<string> appIds, DateTimeOffset now, CancellationToken ct)
    {
        var database = redis.GetDatabase();
        var nowMs = now.ToUnixTimeMilliseconds();
        // Sent together (pipelined), one ZCOUNT per version: sessions expiring strictly after now.
        var counts = appIds.Select(appId => (appId, count: database.SortedSetLengthAsync(VersionKey(appId), nowMs, double.PositiveInfinity, Exclude.Start))).ToList();
        await Task.WhenAll(counts.Select(c => c.count));
        return counts.ToDictionary(c => c.appId, c => c.count.Result, StringComparer.Ordinal);
    }

    private Task EndAsync(string sessionId, string user, string versions)
    {
        RedisKey[] keys = [SessionKey(sessionId), UserKey(user), .. versions.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(VersionKey)];
        return redis.GetDatabase().ScriptEvaluateAsync(EndScript, keys, [sessionId]);
    }

    private static RedisKey SessionKey(string sessionId) => $"{Prefix}session:{sessionId}";

    private static RedisKey UserKey(string user) => $"{Prefix}user:{user.ToLowerInvariant()}";

    private static RedisKey VersionKey(string appId) => $"{Prefix}version:{appId}";
}
