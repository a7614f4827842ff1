using Platform.Login.Store;
using StackExchange.Redis;

namespace Platform.Tests.Login.Store;

/// <summary>The store contract on Redis: a redis-server of its own per test (fails if redis-server is missing).</summary>
public sealed class RedisStateStoreTests : StateStoreContract
{
    private RedisServerProcess server = null!;

    protected override async Task StartBackendAsync() => server = await RedisServerProcess.StartAsync();

    protected override async Task StopBackendAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    protected override async Task<IStateStore> OpenStoreAsync() =>
        new RedisStateStore(Track(await ConnectionMultiplexer.ConnectAsync(server.ConnectionString)));

    [Fact]
    public async Task Layout_is_daprs_redis_state_store_a_hash_with_data_and_version()
    {
        await Store.TrySaveAsync("tenant:acme", """{"tenant":"acme"}""", null);
        var entry = await Store.GetAsync("tenant:acme");

        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var hash = await redis.GetDatabase().HashGetAllAsync("assignments||tenant:acme");

        Assert.Equal("""{"tenant":"acme"}""", hash.Single(f => f.Name == "data").Value.ToString());
        Assert.Equal(entry!.ETag, hash.Single(f => f.Name == "version").Value.ToString());
    }
}
