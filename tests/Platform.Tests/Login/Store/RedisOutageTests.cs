using System.Diagnostics;
using Platform.Login.Store;
using StackExchange.Redis;

namespace Platform.Tests.Login.Store;

/// <summary>
/// Login's Redis client as StoreTimeouts configures it, against a redis-server that freezes (SIGSTOP) and comes back
/// (SIGCONT): a call during the outage fails within 2 s with an exception the 503 handler takes, and calls work again
/// within 5 s of the server's return, on the same multiplexer, with what was written before.
/// </summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private RedisServerProcess server = null!;
    private ConnectionMultiplexer redis = null!;

    public async Task InitializeAsync()
    {
        server = await RedisServerProcess.StartAsync();
        var options = ConfigurationOptions.Parse(server.ConnectionString);
        StoreTimeouts.ConfigureRedis(options, TimeSpan.FromSeconds(1));
        redis = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        await Signal("CONT");
        await redis.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_frozen_store_fails_calls_within_2_s_and_works_again_within_5_s_of_thawing()
    {
        var store = new RedisStateStore(redis);
        Assert.True(await store.TrySaveAsync("tenant:acme", """{"tenant":"acme"}""", null));

        await Signal("STOP");
        var watch = Stopwatch.StartNew();
        var failure = await Record.ExceptionAsync(() => store.GetAsync("tenant:acme"));
        watch.Stop();

        Assert.True(failure is RedisException or TimeoutException, $"Unexpected {failure?.GetType().Name ?? "success"}: {failure}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"The call failed after {watch.Elapsed}.");

        await Signal("CONT");
        var recovery = Stopwatch.StartNew();
        StateEntry? entry = null;
        while (entry is null && recovery.Elapsed < TimeSpan.FromSeconds(5))
        {
            try
            {
                entry = await store.GetAsync("tenant:acme");
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(entry is not null, $"Still failing {recovery.Elapsed} after the store came back.");
        Assert.Equal("""{"tenant":"acme"}""", entry.Json);
    }

    private async Task Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", server.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }
}
