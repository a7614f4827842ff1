using System.Security.Claims;

namespace Platform.Sessions.Revocation;

/// <summary>
/// The revocations this process knows, in memory: checked on every request (two dictionary lookups), filled by
/// <see cref="RevocationRefresher"/> about once a second. No store is read per request.
/// </summary>
public sealed class RevocationSet(TimeProvider clock)
{
    private readonly Lock gate = new();
    private Dictionary<string, DateTimeOffset> sessions = new(StringComparer.Ordinal);
    private Dictionary<string, (DateTimeOffset IssuedBefore, DateTimeOffset Expires)> users = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, (DateTimeOffset IssuedBefore, DateTimeOffset Expires)> repins = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The last feed sequence number applied; the next read asks for what came after it.</summary>
    public long Cursor { get; private set; }

    /// <summary>True once the feed was read successfully at least once.</summary>
    public bool IsLoaded { get; private set; }

    /// <summary>
    /// Raised for every entry applied, of any kind, including kinds this set does not evaluate itself: where other
    /// per-session state (a ticket cache, re-pinning a tenant's sessions) hooks into the same feed.
    /// </summary>
    public event Action<RevocationEntry>? Applied;

    /// <summary>True when the session in <paramref name="principal"/> was ended (signed out, or its user revoked).</summary>
    public bool IsRevoked(ClaimsPrincipal principal, DateTimeOffset? cookieIssuedAt) =>
        IsRevoked(SessionStamp.SessionId(principal), principal.Identity?.Name, SessionStamp.IssuedAt(principal) ?? cookieIssuedAt ?? DateTimeOffset.MinValue);

    /// <summary>The same check from what was read out of a principal before (e.g. once per cached session).</summary>
    public bool IsRevoked(string? sessionId, string? user, DateTimeOffset issuedAt)
    {
        var (currentSessions, currentUsers) = (sessions, users);
        return (sessionId is not null && currentSessions.ContainsKey(sessionId))
            || (user is not null && currentUsers.TryGetValue(user, out var revoked) && issuedAt < revoked.IssuedBefore);
    }

    /// <summary>
    /// The latest re-pin of <paramref name="tenant"/> still in force: its sessions issued before this instant are to
    /// move to the tenant's current versions. Null when there is none (one dictionary lookup, none when no tenant was
    /// re-pinned within a session lifetime).
    /// </summary>
    public DateTimeOffset? RepinnedBefore(string? tenant)
    {
        var current = repins;
        return tenant is not null && current.Count > 0 && current.TryGetValue(tenant, out var repin) ? repin.IssuedBefore : null;
    }

    /// <summary>True when the session was issued before its tenant's latest re-pin.</summary>
    public bool IsRepinDue(string? tenant, DateTimeOffset? issuedAt) =>
        RepinnedBefore(tenant) is { } before && (issuedAt ?? DateTimeOffset.MinValue) < before;

    /// <summary>Applies what the feed returned. A feed that went back (its store was reset) replaces everything.</summary>
    public void Apply(RevocationFeed feed)
    {
        List<RevocationEntry> applied;
        lock (gate)
        {
            var reset = feed.Last < Cursor;
            var now = clock.GetUtcNow();
            // Copy on write: readers on the request path take the current dictionaries without locking.
            var nextSessions = reset ? new(StringComparer.Ordinal) : new Dictionary<string, DateTimeOffset>(sessions, StringComparer.Ordinal);
            var nextUsers = reset ? new(StringComparer.OrdinalIgnoreCase) : new Dictionary<string, (DateTimeOffset IssuedBefore, DateTimeOffset Expires)>(users, StringComparer.OrdinalIgnoreCase);
            var nextRepins = reset ? new(StringComparer.OrdinalIgnoreCase) : new Dictionary<string, (DateTimeOffset IssuedBefore, DateTimeOffset Expires)>(repins, StringComparer.OrdinalIgnoreCase);
            applied = feed.Entries.Where(e => reset || e.Sequence > Cursor).OrderBy(e => e.Sequence).ToList();
            foreach (var entry in applied)
            {
                if (entry.Kind == RevocationKinds.Session)
                {
                    nextSessions[entry.Subject] = entry.Expires;
                }
                else if (entry.Kind == RevocationKinds.User && entry.IssuedBefore is { } before)
                {
                    Merge(nextUsers, entry.Subject, before, entry.Expires);
                }
                else if (entry.Kind == RevocationKinds.Repin && entry.IssuedBefore is { } repinnedBefore)
                {
                    Merge(nextRepins, entry.Subject, repinnedBefore, entry.Expires);
                }
            }

            foreach (var ended in nextSessions.Where(s => s.Value <= now).Select(s => s.Key).ToList())
            {
                nextSessions.Remove(ended);
            }

            foreach (var ended in nextUsers.Where(u => u.Value.Expires <= now).Select(u => u.Key).ToList())
            {
                nextUsers.Remove(ended);
            }

            foreach (var ended in nextRepins.Where(r => r.Value.Expires <= now).Select(r => r.Key).ToList())
            {
                nextRepins.Remove(ended);
            }

            (sessions, users, repins) = (nextSessions, nextUsers, nextRepins);
            Cursor = feed.Last;
            IsLoaded = true;
        }

        foreach (var entry in applied)
        {
            Applied?.Invoke(entry);
        }
    }

    private static void Merge(Dictionary<string, (DateTimeOffset IssuedBefore, DateTimeOffset Expires)> into, string subject, DateTimeOffset before, DateTimeOffset expires)
    {
        var latest = into.TryGetValue(subject, out var known) && known.IssuedBefore > before ? known.IssuedBefore : before;
        into[subject] = (latest, Later(expires, known.Expires));
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
