using StackExchange.Redis;

namespace Platform.Login.Store;

/// <summary>
/// The state store on Redis, in the layout of Dapr's Redis state store: a hash per key with fields <c>data</c> and
/// <c>version</c> (the ETag), so the same Redis serves direct mode and Dapr mode.
/// </summary>
internal sealed class RedisStateStore(IConnectionMultiplexer redis) : IStateStore
{
    // Compare-and-set must be one atomic step on the server; a Lua script is how Redis offers that (Dapr does the same).
    private static readonly LuaScript SaveScript = LuaScript.Prepare("""
        local current = redis.call('HGET', @key, 'version')
        if @etag ~= '' and current ~= @etag then
          return 0
        end
        redis.call('HSET', @key, 'data', @data)
        redis.call('HINCRBY', @key, 'version', 1)
        return 1
        """);

    // The same compare-and-set over several keys: every condition is checked before anything is written, and a script
    // runs without interruption, so the writes land together or not at all. ARGV holds three values per key: the
    // data, the ETag ('' for none) and '1' when the key must not exist yet.
    private const string SaveAllScript = """
        for i = 1, #KEYS do
          local current = redis.call('HGET', KEYS[i], 'version')
          local etag = ARGV[i * 3 - 1]
          if ARGV[i * 3] == '1' then
            if current then
              return 0
            end
          elseif etag ~= '' and current ~= etag then
            return 0
          end
        end
        for i = 1, #KEYS do
          redis.call('HSET', KEYS[i], 'data', ARGV[i * 3 - 2])
          redis.call('HINCRBY', KEYS[i], 'version', 1)
        end
        return 1
        """;

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var fields = await redis.GetDatabase().HashGetAsync(Prefixed(key), ["data", "version"]);
        return fields[0].IsNull ? null : new StateEntry(fields[0].ToString(), fields[1].ToString());
    }

    public async Task<bool> TrySaveAsync(string key, string json, string? etag, CancellationToken cancellationToken = default)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(SaveScript, new { key = Prefixed(key), data = json, etag = etag ?? "" });
        return (int)result == 1;
    }

    public async Task<bool> TrySaveAllAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
    {
        var keys = writes.Select(w => Prefixed(w.Key)).ToArray();
        var values = writes.SelectMany(w => new RedisValue[] { w.Json, w.ETag ?? "", w.CreateOnly ? "1" : "0" }).ToArray();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(SaveAllScript, keys, values);
        return (int)result == 1;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        redis.GetDatabase().KeyDeleteAsync(Prefixed(key));

    private static RedisKey Prefixed(string key) => $"{StateStoreNames.Assignments}||{key}";
}
