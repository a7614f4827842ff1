using System.Collections.Frozen;
using Platform.Matrix;

namespace Platform.Gateway.Drain;

/// <summary>
/// When a request last reached each version through this gateway, in memory only: one atomic write per forwarded
/// request, no lock, no allocation, no store. <see cref="TrafficReporter"/> sends it to login every few seconds.
/// </summary>
internal sealed class VersionLastSeen
{
    // One slot per app-id of the matrix, built once: the request path only looks up and writes a long.
    private readonly FrozenDictionary<string, Slot> slots;

    public VersionLastSeen(VersionMatrix matrix) =>
        slots = matrix.AllVersions.ToFrozenDictionary(v => v.AppId, _ => new Slot(), StringComparer.Ordinal);

    /// <summary>Notes a request that reached <paramref name="appId"/> at <paramref name="at"/>; never moves a time back.</summary>
    public void Seen(string appId, DateTimeOffset at)
    {
        if (!slots.TryGetValue(appId, out var slot))
        {
            return;
        }

        var ticks = at.UtcTicks;
        var known = Volatile.Read(ref slot.Ticks);
        // Requests finish out of order on many threads: keep the latest, whichever writes last.
        while (ticks > known)
        {
            var previous = Interlocked.CompareExchange(ref slot.Ticks, ticks, known);
            if (previous == known)
            {
                return;
            }

            known = previous;
        }
    }

    /// <summary>Every app-id with the last time a request reached it; null for those none reached since start.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset?> Snapshot() =>
        slots.ToDictionary(s => s.Key, s => Volatile.Read(ref s.Value.Ticks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : (DateTimeOffset?)null, StringComparer.Ordinal);

    private sealed class Slot
    {
        public long Ticks;
    }
}
