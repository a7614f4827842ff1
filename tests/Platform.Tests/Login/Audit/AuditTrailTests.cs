using Platform.Login.Audit;
using Platform.Login.Store;

namespace Platform.Tests.Login.Audit;

/// <summary>
/// Listing the trail: newest first, filtered, paged by cursor, stopping at <c>from</c>; on the embedded store (the
/// recording itself is held to the store contract on every store kind, <c>Login/Store/StateStoreContract</c>).
/// </summary>
public sealed class AuditTrailTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("platform-audit-").FullName;
    private readonly SqliteStateStore store;
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly AuditTrail trail;

    public AuditTrailTests()
    {
        store = new SqliteStateStore(Path.Combine(folder, "platform.db"));
        trail = new AuditTrail(store, clock);
    }

    public void Dispose()
    {
        store.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_newest_first_until_there_is_no_next()
    {
        for (var i = 1; i <= 5; i++)
        {
            await RecordAsync("acme", $"v{i}");
        }

        var first = await trail.ListAsync(new AuditFilter(), limit: 2);
        var second = await trail.ListAsync(new AuditFilter(), limit: 2, long.Parse(first.Next!));
        var third = await trail.ListAsync(new AuditFilter(), limit: 2, long.Parse(second.Next!));

        Assert.Equal(["v5", "v4"], first.Entries.Select(e => e.After));
        Assert.Equal(["v3", "v2"], second.Entries.Select(e => e.After));
        Assert.Equal(["v1"], third.Entries.Select(e => e.After));
        Assert.Null(third.Next);
    }

    [Fact]
    public async Task A_filter_skips_other_entries_and_pages_only_what_matches()
    {
        await RecordAsync("acme", "a1");
        await RecordAsync("globex", "g1");
        await RecordAsync("acme", "a2");
        await RecordAsync("globex", "g2");
        await RecordAsync("acme", "a3");

        var first = await trail.ListAsync(new AuditFilter(Tenant: "acme"), limit: 2);
        var rest = await trail.ListAsync(new AuditFilter(Tenant: "acme"), limit: 2, long.Parse(first.Next!));

        Assert.Equal(["a3", "a2"], first.Entries.Select(e => e.After));
        Assert.Equal(["a1"], rest.Entries.Select(e => e.After));
    }

    [Fact]
    public async Task Time_range_keeps_entries_between_from_and_to_and_times_never_go_back()
    {
        await RecordAsync("acme", "early-morning");
        clock.Advance(TimeSpan.FromHours(1));
        await RecordAsync("acme", "at-one");
        clock.Advance(TimeSpan.FromHours(1));
        await RecordAsync("acme", "at-two");
        // A login instance whose clock is behind: the entry still does not get an earlier time than the last.
        clock.Advance(TimeSpan.FromHours(-3));
        var late = await RecordAsync("acme", "behind");

        var start = new DateTimeOffset(2026, 11, 29, 13, 0, 0, TimeSpan.Zero);
        var page = await trail.ListAsync(new AuditFilter(From: start, To: start.AddMinutes(30)), limit: 10);

        Assert.Equal(["at-one"], page.Entries.Select(e => e.After));
        Assert.Null(page.Next);
        Assert.Equal(start.AddHours(1), late.At);
    }

    [Fact]
    public async Task Listing_an_empty_trail_gives_no_entries_and_no_cursor()
    {
        var page = await trail.ListAsync(new AuditFilter(), limit: 10);

        Assert.Empty(page.Entries);
        Assert.Null(page.Next);
    }

    private async Task<AuditEntry> RecordAsync(string tenant, string version)
    {
        var key = "marker:" + Guid.NewGuid().ToString("N");
        var entry = await trail.TrySaveAsync(new StateWrite(key, "{}"), AuditedChange.TenantOverride(tenant, "contacts", null, version), "admin@platform.test", null);
        return entry ?? throw new InvalidOperationException("An unconditional change was refused.");
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset now = now;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
