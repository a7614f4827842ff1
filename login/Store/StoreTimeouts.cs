using Platform.Settings;
using StackExchange.Redis;

namespace Platform.Login.Store;

/// <summary>
/// Every way login reaches the store gives up after <see cref="ResilienceOptions.StoreTimeout"/>, so a store that is
/// down or frozen turns a sign-in or admin call into a 503 (<see cref="StoreUnavailableHandler"/>) within 2 s, and
/// reconnects by itself, so the same calls work again within seconds of the store coming back.
/// </summary>
internal static class StoreTimeouts
{
    /// <summary>How often a lost Redis connection is tried again: short, so recovery is seen within 5 s.</summary>
    private static readonly TimeSpan ReconnectInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// StackExchange.Redis: connect, sync and async commands bounded by the store timeout (its defaults are 5 s);
    /// never give up reconnecting; and while disconnected, fail a command at once instead of queueing it until the
    /// timeout (the caller answers 503 and the user tries again). The client notices a command past its timeout on
    /// its heartbeat (1 s by default), so a 1 s timeout fired after 1 to 2 s and a sign-in against a frozen store
    /// answered in up to 2.03 s; a quarter-second heartbeat keeps it within the 2 s promised.
    /// </summary>
    public static void ConfigureRedis(ConfigurationOptions redis, TimeSpan timeout)
    {
        var milliseconds = (int)timeout.TotalMilliseconds;
        redis.ConnectTimeout = milliseconds;
        redis.SyncTimeout = milliseconds;
        redis.AsyncTimeout = milliseconds;
        redis.HeartbeatInterval = TimeSpan.FromMilliseconds(250);
        redis.AbortOnConnectFail = false;
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        redis.ReconnectRetryPolicy = new LinearRetry((int)ReconnectInterval.TotalMilliseconds);
    }

    /// <summary>Applies <see cref="ConfigureRedis"/> to the Aspire Redis client's options, whatever its name.</summary>
    public static ResilienceOptions AddRedisStoreTimeouts(this IHostApplicationBuilder builder, ResilienceOptions resilience)
    {
        builder.Services.PostConfigureAll<ConfigurationOptions>(redis => ConfigureRedis(redis, resilience.StoreTimeout));
        return resilience;
    }
}
