using System.Security.Claims;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Sessions;
using Platform.Sessions.Revocation;

namespace Platform.Tests.Sessions.Revocation;

public sealed class RevocationSetTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualClock clock = new(Now);

    [Fact]
    public void A_signed_out_session_is_revoked_and_other_sessions_of_the_user_are_not()
    {
        var set = new RevocationSet(clock);
        set.Apply(new RevocationFeed(1, [new RevocationEntry(1, RevocationKinds.Session, "s-1", null, Now.AddHours(8))]));

        Assert.True(set.IsRevoked(Session("alice@acme.test", "s-1", Now.AddMinutes(-5)), null));
        Assert.False(set.IsRevoked(Session("alice@acme.test", "s-2", Now.AddMinutes(-5)), null));
    }

    [Fact]
    public void A_user_revocation_ends_sessions_issued_before_it_only()
    {
        var set = new RevocationSet(clock);
        set.Apply(new RevocationFeed(1, [new RevocationEntry(1, RevocationKinds.User, "bob@globex.test", Now, Now.AddHours(8))]));

        Assert.True(set.IsRevoked(Session("BOB@globex.test", "s-1", Now.AddMilliseconds(-1)), null));
        Assert.False(set.IsRevoked(Session("bob@globex.test", "s-2", Now.AddMilliseconds(1)), null));
        // A cookie without login's stamp falls back to the cookie's own issue time.
        Assert.True(set.IsRevoked(Unstamped("bob@globex.test"), Now.AddMinutes(-1)));
    }

    [Fact]
    public void Entries_apply_once_in_order_are_passed_to_listeners_and_leave_when_expired()
    {
        var set = new RevocationSet(clock);
        var seen = new List<string>();
        set.Applied += entry => seen.Add($"{entry.Sequence}:{entry.Kind}");
        var feed = new RevocationFeed(2,
        [
            new RevocationEntry(2, "tenant-repin", "globex", Now, Now.AddHours(8)),
            new RevocationEntry(1, RevocationKinds.Session, "s-1", null, Now.AddMinutes(1)),
        ]);

        set.Apply(feed);
        set.Apply(feed);

        Assert.Equal(["1:session", "2:tenant-repin"], seen);
        Assert.Equal(2, set.Cursor);
        clock.Advance(TimeSpan.FromMinutes(2));
        set.Apply(new RevocationFeed(2, []));
        Assert.False(set.IsRevoked(Session("alice@acme.test", "s-1", Now), null));
    }

    [Fact]
    public void A_tenant_re_pin_is_due_for_its_sessions_issued_before_it_only_ends_none_and_leaves_when_expired()
    {
        var set = new RevocationSet(clock);
        Assert.Null(set.RepinnedBefore("globex"));

        set.Apply(new RevocationFeed(2,
        [
            new RevocationEntry(1, RevocationKinds.Repin, "globex", Now.AddMinutes(-10), Now.AddHours(8)),
            new RevocationEntry(2, RevocationKinds.Repin, "globex", Now, Now.AddHours(8)),
        ]));

        Assert.Equal(Now, set.RepinnedBefore("GLOBEX"));
        Assert.True(set.IsRepinDue("globex", Now.AddMilliseconds(-1)));
        Assert.False(set.IsRepinDue("globex", Now.AddMilliseconds(1)));
        // A session without an issue time is older than any re-pin.
        Assert.True(set.IsRepinDue("globex", null));
        Assert.False(set.IsRepinDue("acme", Now.AddHours(-1)));
        Assert.False(set.IsRepinDue(null, Now.AddHours(-1)));
        Assert.False(set.IsRevoked(Session("bob@globex.test", "s-1", Now.AddHours(-1)), null));
        // An older entry applied later does not move the latest re-pin back.
        set.Apply(new RevocationFeed(3, [new RevocationEntry(3, RevocationKinds.Repin, "globex", Now.AddHours(-1), Now.AddHours(8))]));
        Assert.Equal(Now, set.RepinnedBefore("globex"));

        clock.Advance(TimeSpan.FromHours(9));
        set.Apply(new RevocationFeed(3, []));
        Assert.Null(set.RepinnedBefore("globex"));
    }

    [Fact]
    public void A_feed_that_went_back_replaces_what_was_known()
    {
        var set = new RevocationSet(clock);
        set.Apply(new RevocationFeed(5, [new RevocationEntry(5, RevocationKinds.Session, "old", null, Now.AddHours(8))]));

        set.Apply(new RevocationFeed(1, [new RevocationEntry(1, RevocationKinds.Session, "new", null, Now.AddHours(8))]));

        Assert.False(set.IsRevoked(Session("a", "old", Now), null));
        Assert.True(set.IsRevoked(Session("a", "new", Now), null));
        Assert.Equal(1, set.Cursor);
    }

    [Fact]
    public async Task The_refresher_reads_the_feed_about_once_a_second_however_many_requests_are_checked()
    {
        var source = new CountingSource();
        var set = new RevocationSet(TimeProvider.System);
        using var refresher = new RevocationRefresher(source, set, NullLogger<RevocationLog>.Instance);

        await refresher.StartAsync(CancellationToken.None);
        var principal = Session("alice@acme.test", "s-1", DateTimeOffset.UtcNow);
        var until = DateTime.UtcNow.AddSeconds(2.5);
        var checks = 0;
        while (DateTime.UtcNow < until)
        {
            for (var i = 0; i < 1000; i++, checks++)
            {
                Assert.False(set.IsRevoked(principal, null));
            }

            await Task.Delay(10);
        }

        await refresher.StopAsync(CancellationToken.None);

        Assert.True(checks > 1000);
        Assert.InRange(source.Reads, 2, 4);
        Assert.True(set.IsLoaded);
    }

    private static ClaimsPrincipal Session(string user, string sessionId, DateTimeOffset issuedAt) =>
        SessionStamp.Stamp(Unstamped(user), sessionId, issuedAt);

    private static ClaimsPrincipal Unstamped(string user) =>
        new VersionTicket(user, "acme", "early", [], new Dictionary<string, string>()).ToPrincipal("Cookies");

    private sealed class CountingSource : IRevocationSource
    {
        private int reads;

        public int Reads => reads;

        public Task<RevocationFeed> ReadAsync(long after, CancellationToken ct)
        {
            Interlocked.Increment(ref reads);
            return Task.FromResult(new RevocationFeed(0, []));
        }
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset now = now;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
