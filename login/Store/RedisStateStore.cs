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

    private static RedisKey Prefixed(string key) => $"{StateStoreNames.Assignments}||{key}";
}
