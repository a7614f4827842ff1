using System.Globalization;
using System.Text.Json;
using Platform.Login.Store;

namespace Platform.Login.Audit;

/// <summary>
/// The audit trail of assignment changes, in the assignment store itself (Redis, SQLite or Dapr state), as JSON
/// documents: <c>audit:{id}</c> per entry and <c>audit:head</c>, the last id given out and its time.
/// </summary>
/// <remarks>
/// A state store cannot enumerate keys, so entries are numbered: listing walks ids down from the head. An id is taken
/// from the head first (compare-and-set, retried while other changes take theirs), then the entry is written in one
/// transaction with the change it describes (<see cref="IStateStore.TrySaveAllAsync"/>): a change that was saved
/// always has its entry. Taking the id outside that transaction keeps changes to different tenants from failing on
/// each other; a change refused on its own ETag leaves a gap in the ids, which listing skips. Times never go back
/// from one id to the next (the head carries the last time), so a listing can stop at the first entry older than
/// its <c>from</c>.
/// </remarks>
internal sealed class AuditTrail(IStateStore state, TimeProvider clock)
{
    /// <summary>The most entries a listing reads for one page; a rare filter may give fewer than asked, with a cursor.</summary>
    public const int MaxScannedPerPage = 1000;

    private const string HeadKey = "audit:head";

    // Changes are rare and made by people; this many busy heads in a row means the store is stuck, not busy.
    private const int MaxIdAttempts = 20;

    private const int ReadBatchSize = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Saves <paramref name="change"/> together with its audit entry. Null when the change's condition (its ETag) did
    /// not hold: then neither is saved.
    /// </summary>
    public async Task<AuditEntry?> TrySaveAsync(StateWrite change, AuditedChange what, string admin, string? reason, long? reverts = null, CancellationToken ct = default)
    {
        var (id, at) = await TakeIdAsync(ct);
        var entry = new AuditEntry(id, at, admin, what.Change, what.Tenant, what.Ring, what.Service, what.Before, what.After, reason, reverts);
        // No condition on the entry: its id is this change's alone.
        var entryWrite = new StateWrite(EntryKey(id), JsonSerializer.Serialize(entry, Json));
        if (await state.TrySaveAllAsync([change, entryWrite], ct))
        {
            return entry;
        }

        // A store whose transactions do not roll back (Dapr's Redis state store) has written the entry of a change
        // that was not saved; on the others this finds nothing.
        await state.DeleteAsync(EntryKey(id), ct);
        return null;
    }

    public async Task<AuditEntry?> GetAsync(long id, CancellationToken ct = default) =>
        await state.GetAsync(EntryKey(id), ct) is { } stored ? Deserialize<AuditEntry>(stored.Json, EntryKey(id)) : null;

    /// <summary>
    /// Entries matching <paramref name="filter"/>, newest first, at most <paramref name="limit"/>, with ids below
    /// <paramref name="before"/> when given (the <see cref="AuditPage.Next"/> of the previous page).
    /// </summary>
    public async Task<AuditPage> ListAsync(AuditFilter filter, int limit, long? before = null, CancellationToken ct = default)
    {
        var head = await ReadHeadAsync(ct);
        var next = before is { } cursor ? Math.Min(cursor - 1, head.Last) : head.Last;
        var found = new List<AuditEntry>();
        var scanned = 0;
        while (next >= 1 && found.Count < limit && scanned < MaxScannedPerPage)
        {
            var ids = Enumerable.Range(0, (int)Math.Min(Math.Min(ReadBatchSize, next), MaxScannedPerPage - scanned)).Select(i => next - i).ToList();
            var entries = await Task.WhenAll(ids.Select(id => GetAsync(id, ct)));
            foreach (var (id, entry) in ids.Zip(entries))
            {
                next = id - 1;
                scanned++;
                if (entry is null)
                {
                    continue;
                }

                if (entry.At < filter.From)
                {
                    next = 0;
                    break;
                }

                if (filter.Matches(entry))
                {
                    found.Add(entry);
                    if (found.Count == limit)
                    {
                        break;
                    }
                }
            }
        }

        return new AuditPage(found, next >= 1 ? (next + 1).ToString(CultureInfo.InvariantCulture) : null);
    }

    private async Task<(long Id, DateTimeOffset At)> TakeIdAsync(CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxIdAttempts; attempt++)
        {
            var stored = await state.GetAsync(HeadKey, ct);
            var head = stored is null ? AuditHead.Empty : Deserialize<AuditHead>(stored.Json, HeadKey);
            var now = clock.GetUtcNow();
            var taken = new AuditHead(head.Last + 1, now > head.At ? now : head.At);
            var write = new StateWrite(HeadKey, JsonSerializer.Serialize(taken, Json), stored?.ETag) { CreateOnly = stored is null };
            if (await state.TrySaveAllAsync([write], ct))
            {
                return (taken.Last, taken.At);
            }

            // Another change took the id; a short random pause keeps a few contenders from colliding again.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 + attempt * 5)), ct);
        }

        throw new TimeoutException($"No audit id could be taken from '{HeadKey}' in {MaxIdAttempts} attempts: other writers kept changing it.");
    }

    private async Task<AuditHead> ReadHeadAsync(CancellationToken ct) =>
        await state.GetAsync(HeadKey, ct) is { } stored ? Deserialize<AuditHead>(stored.Json, HeadKey) : AuditHead.Empty;

    private static T Deserialize<T>(string json, string key) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidDataException($"The state store holds null under '{key}'.");

    private static string EntryKey(long id) => "audit:" + id.ToString(CultureInfo.InvariantCulture);

    private sealed record AuditHead(long Last, DateTimeOffset At)
    {
        public static readonly AuditHead Empty = new(0, DateTimeOffset.MinValue);
    }
}
