using System.Text.Json;
using Platform.Login.Store;
using StackExchange.Redis;

namespace Platform.Login.Auth;

/// <summary>How many attempts a partition made in its current window, and when that window ends.</summary>
internal sealed record AttemptWindow(long Count, TimeSpan ResetsIn);

/// <summary>
/// Sign-in attempts counted where every login instance sees them, so the limit holds however many instances run.
/// A fixed window that starts with a partition's first attempt (not at the top of the minute, so no burst straddles
/// two windows).
/// </summary>
internal interface ISignInAttemptCounter
{
    /// <summary>Counts one attempt for <paramref name="partition"/> and returns its window so far.</summary>
    Task<AttemptWindow> HitAsync(string partition, TimeSpan window, CancellationToken ct);
}

/// <summary>On Redis: one atomic INCR per attempt; the key expires with its window.</summary>
internal sealed class RedisAttemptCounter(IConnectionMultiplexer redis) : ISignInAttemptCounter
{
    private static readonly LuaScript Hit = LuaScript.Prepare("""
        local count = redis.call('INCR', @key)
        if count == 1 then
          redis.call('PEXPIRE', @key, @window)
        end
        return { count, redis.call('PTTL', @key) }
        """);

    public async Task<AttemptWindow> HitAsync(string partition, TimeSpan window, CancellationToken ct)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Hit,
            new { key = (RedisKey)$"platform:signin-attempts:{partition}", window = (long)window.TotalMilliseconds }))!;
        var ttl = (long)result[1];
        return new AttemptWindow((long)result[0], ttl > 0 ? TimeSpan.FromMilliseconds(ttl) : window);
    }
}

/// <summary>
/// On the state store (the embedded SQLite store, or Dapr's state API when login runs on Dapr without Redis): one
/// document per partition, advanced by ETag compare-and-set, so two instances counting at once never both win.
/// A partition's first write cannot be conditional (the state API has no "create only"): two instances creating
/// the same partition in the same instant may count one attempt less. Stale partitions are overwritten, not removed.
/// </summary>
internal sealed class StoreAttemptCounter(IStateStore state, TimeProvider clock) : ISignInAttemptCounter
{
    private const int Tries = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<AttemptWindow> HitAsync(string partition, TimeSpan window, CancellationToken ct)
    {
        var key = $"signin-attempts:{partition}";
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            var now = clock.GetUtcNow();
            var current = await state.GetAsync(key, ct);
            var counted = current is null ? null : JsonSerializer.Deserialize<Counted>(current.Json, Json);
            var next = counted is not null && counted.Ends > now
                ? counted with { Count = counted.Count + 1 }
                : new Counted(1, now + window);
            if (await state.TrySaveAsync(key, JsonSerializer.Serialize(next, Json), current?.ETag, ct))
            {
                return new AttemptWindow(next.Count, next.Ends - now);
            }
        }

        // Contended this hard, the partition is under attack: count it as over any limit.
        return new AttemptWindow(long.MaxValue, window);
    }

    private sealed record Counted(long Count, DateTimeOffset Ends);
}

/// <summary>
/// In this process only: for a secondary region, whose store is a read-only replica. The limit then holds per login
/// instance, which still keeps one client from locking out others.
/// </summary>
internal sealed class MemoryAttemptCounter(TimeProvider clock) : ISignInAttemptCounter
{
    private readonly Dictionary<string, (long Count, DateTimeOffset Ends)> windows = new(StringComparer.Ordinal);

    public Task<AttemptWindow> HitAsync(string partition, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        lock (windows)
        {
            if (windows.Count > 100_000)
            {
                // Bounded under a spray of made-up accounts: ended windows go first.
                foreach (var ended in windows.Where(w => w.Value.Ends <= now).Select(w => w.Key).ToList())
                {
                    windows.Remove(ended);
                }
            }

            var next = windows.TryGetValue(partition, out var current) && current.Ends > now ? (current.Count + 1, current.Ends) : (1, now + window);
            windows[partition] = next;
            return Task.FromResult(new AttemptWindow(next.Item1, next.Item2 - now));
        }
    }
}
