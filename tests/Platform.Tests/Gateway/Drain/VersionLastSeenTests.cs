using Platform.Gateway.Drain;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Drain;

public sealed class VersionLastSeenTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_version_of_the_matrix_starts_unseen()
    {
        var snapshot = new VersionLastSeen(TestMatrix.Create()).Snapshot();

        Assert.Equal(["contacts-v1", "contacts-v2", "insights-v1", "insights-v2"], snapshot.Keys.Order());
        Assert.All(snapshot.Values, Assert.Null);
    }

    [Fact]
    public void The_latest_request_wins_whatever_order_they_finish_in()
    {
        var lastSeen = new VersionLastSeen(TestMatrix.Create());

        lastSeen.Seen("contacts-v2", Start.AddSeconds(5));
        lastSeen.Seen("contacts-v2", Start.AddSeconds(2));
        lastSeen.Seen("insights-v1", Start);
        lastSeen.Seen("billing-v1", Start);

        var snapshot = lastSeen.Snapshot();
        Assert.Equal(Start.AddSeconds(5), snapshot["contacts-v2"]);
        Assert.Equal(Start, snapshot["insights-v1"]);
        Assert.Null(snapshot["contacts-v1"]);
        Assert.False(snapshot.ContainsKey("billing-v1"));
    }

    [Fact]
    public void Many_threads_at_once_keep_the_latest()
    {
        var lastSeen = new VersionLastSeen(TestMatrix.Create());

        Parallel.For(0, 10_000, i => lastSeen.Seen("contacts-v1", Start.AddTicks(i)));

        Assert.Equal(Start.AddTicks(9_999), lastSeen.Snapshot()["contacts-v1"]);
    }
}
