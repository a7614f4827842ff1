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
    public bool IsRevoked(ClaimsPrincipal principal, DateTimeOffset? cookieIssuedAt)
    {
        var sessionId = SessionStamp.SessionId(principal);
        var user = principal.Identity?.Name;
        var issuedAt = SessionStamp.IssuedAt(principal) ?? cookieIssuedAt ?? DateTimeOffset.MinValue;
        var (currentSessions, currentUsers) = (sessions, users);
        return (sessionId is not null && currentSessions.ContainsKey(sessionId))
            || (user is not null && currentUsers.TryGetValue(user, out var revoked) && issuedAt < revoked.IssuedBefore);
    }

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
            applied = feed.Entries.Where(e => reset || e.Sequence > Cursor).OrderBy(e => e.Sequence).ToList();
            foreach (var entry in applied)
            {
                if (entry.Kind == RevocationKinds.Session)
                {
                    nextSessions[entry.Subject] = entry.Expires;
                }
                else if (entry.Kind == RevocationKinds.User && entry.IssuedBefore is { } before)
                {
                    var latest = nextUsers.TryGetValue(entry.Subject, out var known) && known.IssuedBefore > before ? known.IssuedBefore : before;
                    nextUsers[entry.Subject] = (latest, Later(entry.Expires, known.Expires));
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

            (sessions, users) = (nextSessions, nextUsers);
            Cursor = feed.Last;
            IsLoaded = true;
        }

        foreach (var entry in applied)
        {
            Applied?.Invoke(entry);
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
