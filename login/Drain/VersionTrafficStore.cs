using System.Text.Json;
using Platform.Drain;
using Platform.Login.Store;

namespace Platform.Login.Drain;

/// <summary>What the gateways reported, combined: the drain view's "last request" and "instances" columns.</summary>
/// <param name="LastRequests">Per app-id, the latest request any gateway saw reach it.</param>
/// <param name="Gateways">Each gateway's last report of instances in rotation, by gateway id.</param>
internal sealed record VersionTrafficState(
    IReadOnlyDictionary<string, DateTimeOffset> LastRequests,
    IReadOnlyDictionary<string, GatewayInstances> Gateways)
{
    public static readonly VersionTrafficState Empty = new(new Dictionary<string, DateTimeOffset>(), new Dictionary<string, GatewayInstances>());
}

/// <param name="ReportedAt">When login stored the report (login's clock, so gateways' clocks need not agree for staleness).</param>
internal sealed record GatewayInstances(DateTimeOffset ReportedAt, IReadOnlyDictionary<string, InstanceCount> Versions);

internal sealed record InstanceCount(int Healthy, int Total);

/// <summary>
/// The gateways' reports in the state store: one document (<c>drain:traffic</c>), changed by ETag compare-and-set.
/// Last-request times are max-merged, so reports from several gateways, arriving in any order, keep the latest; each
/// gateway's instance counts are kept under its own id and dropped once stale.
/// </summary>
internal sealed class VersionTrafficStore(IStateStore state, TimeProvider clock)
{
    private const string Key = "drain:traffic";
    private const int Tries = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task MergeAsync(VersionTrafficReport report, TimeSpan staleAfter, CancellationToken ct)
    {
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            var (current, etag) = await ReadWithETagAsync(ct);
            var now = clock.GetUtcNow();
            var next = Merge(current, report, now, staleAfter);
            if (await state.TrySaveAsync(Key, JsonSerializer.Serialize(next, Json), etag, ct))
            {
                return;
            }
        }

        throw new InvalidOperationException($"The traffic document stayed contended over {Tries} attempts; the report was not recorded.");
    }

    public async Task<VersionTrafficState> ReadAsync(CancellationToken ct) => (await ReadWithETagAsync(ct)).State;

    /// <summary>The report folded into what is stored: the later of each last-request time, this gateway's counts replaced.</summary>
    public static VersionTrafficState Merge(VersionTrafficState current, VersionTrafficReport report, DateTimeOffset now, TimeSpan staleAfter)
    {
        var lastRequests = new Dictionary<string, DateTimeOffset>(current.LastRequests, StringComparer.Ordinal);
        foreach (var (appId, traffic) in report.Versions)
        {
            if (traffic.LastRequest is { } seen && (!lastRequests.TryGetValue(appId, out var known) || seen > known))
            {
                lastRequests[appId] = seen;
            }
        }

        // Gateways that stopped reporting leave, so the document holds the gateways running now.
        var gateways = current.Gateways.Where(g => g.Key != report.Gateway && now - g.Value.ReportedAt <= staleAfter)
            .ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        var counts = report.Versions
            .Where(v => v.Value is { HealthyInstances: not null, TotalInstances: not null })
            .ToDictionary(v => v.Key, v => new InstanceCount(v.Value.HealthyInstances!.Value, v.Value.TotalInstances!.Value), StringComparer.Ordinal);
        if (counts.Count > 0)
        {
            gateways[report.Gateway] = new GatewayInstances(now, counts);
        }

        return new VersionTrafficState(lastRequests, gateways);
    }

    private async Task<(VersionTrafficState State, string? ETag)> ReadWithETagAsync(CancellationToken ct) =>
        await state.GetAsync(Key, ct) is { } entry
            ? (JsonSerializer.Deserialize<VersionTrafficState>(entry.Json, Json) ?? VersionTrafficState.Empty, entry.ETag)
            : (VersionTrafficState.Empty, null);
}
