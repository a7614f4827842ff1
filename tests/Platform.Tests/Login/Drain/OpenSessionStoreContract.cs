using Platform.Login.Drain;

namespace Platform.Tests.Login.Drain;

/// <summary>
/// What every open-session store must do (Redis, the embedded SQLite file, the state API document), so the drain
/// view counts the same whatever the backend. A store's test class says how to start its backend and open a client.
/// </summary>
public abstract class OpenSessionStoreContract : IAsyncLifetime
{
    private static readonly string[] AllVersions = ["contacts-v1", "contacts-v2", "insights-v1", "insights-v2"];

    private readonly List<object> tracked = [];
    private readonly DateTimeOffset now = DateTimeOffset.UtcNow;

    private protected IOpenSessionStore Store { get; private set; } = null!;

    protected virtual Task StartBackendAsync() => Task.CompletedTask;

    protected virtual Task StopBackendAsync() => Task.CompletedTask;

    /// <summary>A new client over the backend's data, as another login instance would open it.</summary>
    private protected abstract Task<IOpenSessionStore> OpenStoreAsync();

    protected T Track<T>(T disposable) where T : class
    {
        tracked.Add(disposable);
        return disposable;
    }

    public async Task InitializeAsync()
    {
        await StartBackendAsync();
        Store = await OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var item in tracked)
        {
            if (item is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (item is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }

        await StopBackendAsync();
    }

    [Fact]
    public async Task A_session_counts_for_exactly_the_versions_it_is_pinned_to()
    {
        await Store.RecordAsync(Session("s1", "alice@acme.test", "contacts-v2", "insights-v2"), default);
        await Store.RecordAsync(Session("s2", "bob@globex.test", "contacts-v1", "insights-v1"), default);
        await Store.RecordAsync(Session("s3", "alice@acme.test", "contacts-v2", "insights-v2"), default);

        Assert.Equal(Counts(("contacts-v1", 1), ("contacts-v2", 2), ("insights-v1", 1), ("insights-v2", 2)), await CountAsync(Store));
    }

    [Fact]
    public async Task Every_version_asked_for_is_answered_those_without_sessions_with_zero()
    {
        Assert.Equal(Counts(("contacts-v1", 0), ("contacts-v2", 0), ("insights-v1", 0), ("insights-v2", 0)), await CountAsync(Store));
    }

    [Fact]
    public async Task Ending_a_session_lowers_only_its_versions_and_ending_it_again_changes_nothing()
    {
        await Store.RecordAsync(Session("s1", "alice@acme.test", "contacts-v2", "insights-v2"), default);
        await Store.RecordAsync(Session("s2", "bob@globex.test", "contacts-v1", "insights-v1"), default);

        await Store.EndSessionAsync("s1", default);
        await Store.EndSessionAsync("s1", default);
        await Store.EndSessionAsync("never-issued", default);

        Assert.Equal(Counts(("contacts-v1", 1), ("contacts-v2", 0), ("insights-v1", 1), ("insights-v2", 0)), await CountAsync(Store));
    }

    [Fact]
    public async Task Expired_sessions_are_not_counted()
    {
        await Store.RecordAsync(new OpenSession("old", "bob@globex.test", now.AddHours(-9), now.AddHours(-1), ["contacts-v1"]), default);
        await Store.RecordAsync(Session("new", "bob@globex.test", "contacts-v1"), default);

        Assert.Equal(1, (await CountAsync(Store))["contacts-v1"]);
        // Counted as of a later instant, the remaining session has expired too.
        Assert.Equal(0, (await Store.CountOpenAsync(["contacts-v1"], now.AddHours(9), default))["contacts-v1"]);
    }

    [Fact]
    public async Task Revoking_a_user_ends_the_sessions_issued_before_and_no_one_elses()
    {
        await Store.RecordAsync(Session("a1", "alice@acme.test", "contacts-v2"), default);
        await Store.RecordAsync(Session("a2", "Alice@Acme.test", "contacts-v2"), default);
        await Store.RecordAsync(Session("b1", "bob@globex.test", "contacts-v2"), default);
        await Store.RecordAsync(new OpenSession("a3", "alice@acme.test", now.AddMinutes(1), now.AddHours(8), ["contacts-v2"]), default);

        await Store.EndUserSessionsAsync("ALICE@acme.test", now.AddSeconds(1), default);

        // bob's session and the one alice opened after the revocation stay.
        Assert.Equal(2, (await CountAsync(Store))["contacts-v2"]);
        await Store.EndSessionAsync("a3", default);
        Assert.Equal(1, (await CountAsync(Store))["contacts-v2"]);
    }

    [Fact]
    public async Task Another_login_instance_counts_the_same_sessions()
    {
        var other = await OpenStoreAsync();
        await Store.RecordAsync(Session("s1", "alice@acme.test", "contacts-v2"), default);
        await other.RecordAsync(Session("s2", "alice@acme.test", "contacts-v2"), default);
        await other.EndSessionAsync("s1", default);

        Assert.Equal(1, (await CountAsync(Store))["contacts-v2"]);
        Assert.Equal(1, (await CountAsync(other))["contacts-v2"]);
    }

    [Fact]
    public async Task Concurrent_sign_ins_are_all_counted()
    {
        var other = await OpenStoreAsync();
        // One sign-in first: the state API document's very first write cannot be conditional (see StateOpenSessionStore).
        await Store.RecordAsync(Session("first", "carol@acme.test", "contacts-v2"), default);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? Store : other).RecordAsync(Session($"s{i}", $"user{i}@acme.test", "contacts-v2"), default)));

        Assert.Equal(21, (await CountAsync(Store))["contacts-v2"]);
    }

    private OpenSession Session(string id, string user, params string[] appIds) => new(id, user, now, now.AddHours(8), appIds);

    private async Task<IReadOnlyDictionary<string, long>> CountAsync(IOpenSessionStore store) =>
        await store.CountOpenAsync(AllVersions, now.AddSeconds(1), default);

    private static Dictionary<string, long> Counts(params (string AppId, long Count)[] counts) =>
        counts.ToDictionary(c => c.AppId, c => c.Count);
}
