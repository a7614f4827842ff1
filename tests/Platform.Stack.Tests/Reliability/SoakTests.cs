using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Platform.Stack.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.Stack.Tests.Reliability;

/// <summary>
/// Load on the whole stack while faults happen: open sessions read (GET) in parallel loops and sign-ins run
/// alongside, while an instance of each pinned contacts version is killed and started again and the store is frozen
/// for a few seconds. No idempotent request of an open session may fail; every sign-in while the store is frozen is a
/// 503 (never a 500, never slower than 2 s). 15 s in CI; <c>PLATFORM_SOAK_SECONDS=60</c> (tests/Benchmarks/soak.sh)
/// for the full run. Memory of gateway and login is written to the test output.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SoakTests(RedisStackFixture stack, ITestOutputHelper output)
{
    private const string DurationVariable = "PLATFORM_SOAK_SECONDS";

    [Fact]
    public async Task Under_load_with_instances_killed_and_the_store_frozen_no_open_session_read_fails()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable(DurationVariable), CultureInfo.InvariantCulture, out var configured) ? configured : 15;
        var duration = TimeSpan.FromSeconds(seconds);
        using var timeout = new CancellationTokenSource(duration + TimeSpan.FromMinutes(2));
        var faults = new Faults(stack.App);
        await faults.AllHealthyAsync(timeout.Token);
        var memoryBefore = (Gateway: await faults.MemoryMiBAsync("gateway", timeout.Token), Login: await faults.MemoryMiBAsync("login", timeout.Token));

        var readers = new List<HttpClient>();
        foreach (var user in new[] { "alice@acme.test", "bob@globex.test", "alice@acme.test", "bob@globex.test" })
        {
            readers.Add(await stack.SignInAsync(user));
        }

        var storeFrozen = 0;
        var reads = 0;
        var readFailures = new ConcurrentQueue<string>();
        var slowestRead = TimeSpan.Zero;
        var signIns = new ConcurrentQueue<(bool DuringOutage, int Status, TimeSpan Time, TimeSpan Started)>();
        TimeSpan frozenAt = default, thawedAt = default;
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();

        var load = readers.Select(client => Task.Run(async () =>
        {
            var service = 0;
            while (!stop.IsCancellationRequested)
            {
                var path = ++service % 2 == 0 ? "/api/contacts/info" : "/api/insights/info";
                var started = watch.Elapsed;
                try
                {
                    using var response = await client.GetAsync(path, timeout.Token);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        readFailures.Enqueue($"{started:g} GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(timeout.Token)}");
                    }
                }
                catch (HttpRequestException e)
                {
                    readFailures.Enqueue($"{started:g} GET {path}: {e.Message}");
                }

                var took = watch.Elapsed - started;
                lock (readFailures)
                {
                    slowestRead = took > slowestRead ? took : slowestRead;
                }

                Interlocked.Increment(ref reads);
            }
        })).ToList();

        load.Add(Task.Run(async () =>
        {
            using var client = stack.NewClient();
            while (!stop.IsCancellationRequested)
            {
                var outage = Volatile.Read(ref storeFrozen) == 1;
                var started = watch.Elapsed;
                using var response = await client.PostAsJsonAsync("/auth/login", new { username = "bob@globex.test", password = StackFixture.Password }, timeout.Token);
                // Counted as during the outage only if the store was frozen for the whole call.
                signIns.Enqueue((outage && Volatile.Read(ref storeFrozen) == 1, (int)response.StatusCode, watch.Elapsed - started, started));
                await Task.Delay(100, timeout.Token);
            }
        }));

        // The faults, spread over the run: kill one instance of each contacts version, freeze the store, start the
        // instances again. Starting waits until they are healthy, which can take longer than a step on a busy machine,
        // so the load runs until the faults are over and one more step has passed, and for at least the duration.
        var step = duration / 5;
        await Task.Delay(step, timeout.Token);
        await faults.KillAsync("contacts-v2-1", timeout.Token);
        await faults.KillAsync("contacts-v1-2", timeout.Token);
        await Task.Delay(step, timeout.Token);
        await faults.FreezeAsync("redis", timeout.Token);
        Volatile.Write(ref storeFrozen, 1);
        frozenAt = watch.Elapsed;
        // Longer than a sign-in stuck at the freeze takes to give up (store timeout plus the client library's 1 s
        // timeout tick), so sign-ins that start and end inside the outage are seen.
        await Task.Delay(TimeSpan.FromSeconds(6), timeout.Token);
        Volatile.Write(ref storeFrozen, 0);
        thawedAt = watch.Elapsed;
        await faults.ThawAsync("redis", timeout.Token);
        await Task.WhenAll(faults.StartAsync("contacts-v2-1", timeout.Token), faults.StartAsync("contacts-v1-2", timeout.Token));
        var end = TimeSpan.FromTicks(Math.Max(duration.Ticks, (watch.Elapsed + step).Ticks));
        await Task.Delay(end - watch.Elapsed, timeout.Token);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var memoryAfter = (Gateway: await faults.MemoryMiBAsync("gateway", timeout.Token), Login: await faults.MemoryMiBAsync("login", timeout.Token));
        var outageSignIns = signIns.Where(s => s.DuringOutage).ToList();
        output.WriteLine($"soak: {watch.Elapsed.TotalSeconds:0} s, {reads} reads ({reads / watch.Elapsed.TotalSeconds:0}/s), {readFailures.Count} failed, slowest {slowestRead.TotalMilliseconds:0} ms");
        output.WriteLine($"soak: {signIns.Count} sign-ins, {outageSignIns.Count} during the store outage: statuses {string.Join(",", outageSignIns.Select(s => s.Status).Distinct())}, slowest {(outageSignIns.Count > 0 ? outageSignIns.Max(s => s.Time).TotalMilliseconds : 0):0} ms");
        output.WriteLine($"soak: sign-ins (start s, status, ms): {string.Join(" ", signIns.Select(x => $"{x.Started.TotalSeconds:0.0}/{x.Status}/{x.Time.TotalMilliseconds:0}"))}; store frozen {frozenAt.TotalSeconds:0.0}-{thawedAt.TotalSeconds:0.0}");
        output.WriteLine($"soak: memory (RSS, MiB) gateway {memoryBefore.Gateway:0} -> {memoryAfter.Gateway:0}, login {memoryBefore.Login:0} -> {memoryAfter.Login:0}");
        foreach (var reader in readers)
        {
            reader.Dispose();
        }

        Assert.True(readFailures.IsEmpty, $"{readFailures.Count} reads failed:{Environment.NewLine}{string.Join(Environment.NewLine, readFailures.Take(10))}");
        Assert.NotEmpty(outageSignIns);
        Assert.All(outageSignIns, s => Assert.Equal(503, s.Status));
        Assert.All(outageSignIns, s => Assert.True(s.Time < TimeSpan.FromSeconds(2), $"A sign-in during the outage took {s.Time}."));
        Assert.All(signIns, s => Assert.True(s.Status is 200 or 503, $"A sign-in answered {s.Status}."));
    }
}
