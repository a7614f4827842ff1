using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Reliability;

/// <summary>
/// The assignment store (redis-server) frozen with SIGSTOP, then killed and started again: open sessions keep being
/// routed, sign-in and admin calls answer 503 within 2 s, and within 5 s of the store's return they work again,
/// with everything written before the outage.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class StoreFaultTests(RedisStackFixture stack)
{
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FiveSeconds = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_frozen_store_gives_503_within_2_s_to_sign_in_and_admin_and_recovers_within_5_s_losing_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var faults = new Faults(stack.App);
        using var alice = await stack.SignInAsync("alice@acme.test");
        using var admin = await stack.SignInAsync("admin@platform.test");
        // Written before the outage: must be there after it.
        Assert.Equal(HttpStatusCode.OK, (await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "overrides/contacts", new { version = "v2" })).StatusCode);
        try
        {
            await faults.FreezeAsync("redis", timeout.Token);
            try
            {
                await AssertStoreOutageAsync(alice, admin, timeout.Token);
            }
            finally
            {
                await faults.ThawAsync("redis", timeout.Token);
            }

            await AssertRecoveredWithin5SecondsAsync(timeout.Token);
        }
        finally
        {
            await admin.ChangeTenantAsync(HttpMethod.Delete, "globex", "overrides/contacts");
        }
    }

    [Fact]
    public async Task A_killed_store_gives_503_and_once_started_again_everything_works_with_the_data_written_before()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var faults = new Faults(stack.App);
        using var alice = await stack.SignInAsync("alice@acme.test");
        using var admin = await stack.SignInAsync("admin@platform.test");
        Assert.Equal(HttpStatusCode.OK, (await admin.ChangeTenantAsync(HttpMethod.Put, "globex", "overrides/contacts", new { version = "v2" })).StatusCode);
        try
        {
            await faults.KillAsync("redis", timeout.Token);
            try
            {
                await AssertStoreOutageAsync(alice, admin, timeout.Token);
            }
            finally
            {
                await faults.StartAsync("redis", timeout.Token);
            }

            await AssertRecoveredWithin5SecondsAsync(timeout.Token);
        }
        finally
        {
            await admin.ChangeTenantAsync(HttpMethod.Delete, "globex", "overrides/contacts");
        }
    }

    private async Task AssertStoreOutageAsync(HttpClient alice, HttpClient admin, CancellationToken cancellationToken)
    {
        // Open sessions: the gateway reads no store.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("v2", (await alice.GetInfoAsync("contacts")).Version);
        }

        using var bob = stack.NewClient();
        var watch = Stopwatch.StartNew();
        var signIn = await bob.PostAsJsonAsync("/auth/login", new { username = "bob@globex.test", password = StackFixture.Password }, cancellationToken);
        var signInTime = watch.Elapsed;
        watch.Restart();
        var tenants = await admin.GetAsync("/admin/tenants", cancellationToken);
        var adminTime = watch.Elapsed;

        Assert.Equal("The assignment store is unavailable", (await signIn.ReadProblemAsync(503)).Title);
        Assert.Equal("The assignment store is unavailable", (await tenants.ReadProblemAsync(503)).Title);
        Assert.True(signInTime < TwoSeconds, $"Sign-in answered after {signInTime}.");
        Assert.True(adminTime < TwoSeconds, $"The admin call answered after {adminTime}.");
    }

    private async Task AssertRecoveredWithin5SecondsAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var bob = stack.NewClient();
        HttpResponseMessage signIn;
        do
        {
            signIn = await bob.PostAsJsonAsync("/auth/login", new { username = "bob@globex.test", password = StackFixture.Password }, cancellationToken);
            if (signIn.StatusCode != HttpStatusCode.OK)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
                await Task.Delay(200, cancellationToken);
            }
        }
        while (signIn.StatusCode != HttpStatusCode.OK && watch.Elapsed < FiveSeconds);

        Assert.True(signIn.StatusCode == HttpStatusCode.OK, $"Sign-in still answered {(int)signIn.StatusCode} {watch.Elapsed} after the store came back.");
        // The override written before the outage is there: bob (ring stable, v1) gets contacts v2.
        Assert.Equal("v2", (await bob.GetInfoAsync("contacts")).Version);
    }
}
