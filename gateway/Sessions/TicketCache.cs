using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.Settings;

namespace Platform.Gateway.Sessions;

/// <summary>
/// Unsealed tickets by cookie value. Only tickets that Data Protection opened are added (a tampered cookie is another
/// value and never unseals), an entry is not served once its ticket has expired or it is older than
/// <see cref="SessionCacheOptions.MaxAge"/>. An entry saves the unsealing; once the cookie handler has validated its
/// session, it also answers the session's next requests without the handler (<see cref="SessionAuthentication"/>).
/// </summary>
internal sealed class TicketCache(IOptions<SessionCacheOptions> options, TimeProvider time) : ITicketCache
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(SealedValueComparer.Instance);
    private readonly int capacity = options.Value.Capacity;
    private readonly TimeSpan maxAge = options.Value.MaxAge;

    // ConcurrentDictionary.Count takes every lock; an approximate count is enough to bound the size.
    private int count;

    public int Count => Volatile.Read(ref count);

    public bool TryGet(string cookie, out AuthenticationTicket ticket)
    {
        if (entries.TryGetValue(cookie, out var entry))
        {
            var now = time.GetUtcNow();
            if ((entry.Expires is not { } expires || expires > now) && now - entry.Added < maxAge)
            {
                ticket = entry.Ticket;
                return true;
            }

            Remove(cookie);
        }

        ticket = null!;
        return false;
    }

    /// <summary>Keeps an unsealed ticket; returns the ticket to use, whose principal is a <see cref="SessionPrincipal"/>.</summary>
    public AuthenticationTicket Add(string cookie, AuthenticationTicket unsealed)
    {
        var ticket = new AuthenticationTicket(new SessionPrincipal(unsealed.Principal), unsealed.Properties, unsealed.AuthenticationScheme);
        if (Volatile.Read(ref count) >= capacity)
        {
            // Full: start over rather than track recency on the hot path. Only genuine sessions get here (a cookie
            // must unseal to be added), and each costs one unseal to come back.
            Clear();
        }

        if (entries.TryAdd(cookie, new Entry(ticket, time.GetUtcNow(), ticket.Properties.ExpiresUtc)))
        {
            Interlocked.Increment(ref count);
        }

        return ticket;
    }

    public void Clear()
    {
        entries.Clear();
        Volatile.Write(ref count, 0);
    }

    public bool Remove(string cookie)
    {
        if (!entries.TryRemove(cookie, out _))
        {
            return false;
        }

        Interlocked.Decrement(ref count);
        return true;
    }

    public int RemoveWhere(Func<ClaimsPrincipal, bool> predicate)
    {
        var removed = 0;
        foreach (var (cookie, entry) in entries)
        {
            if (predicate(entry.Ticket.Principal) && Remove(cookie))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>
    /// Ordinal equality over the whole value, hashed over its end only: a sealed value ends with its authentication
    /// tag (Data Protection's HMAC), which differs for every seal and which nobody without the key ring can choose.
    /// Hashing all of a 600-character cookie on every request was the largest part of the cache lookup (README,
    /// Performance). The hash is the runtime's randomized string hash, so no client can aim cookies at one bucket.
    /// </summary>
    internal sealed class SealedValueComparer : IEqualityComparer<string>
    {
        public const int HashedLength = 32;

        public static readonly SealedValueComparer Instance = new();

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string value) => string.GetHashCode(value.AsSpan(Math.Max(0, value.Length - HashedLength)));
    }

    /// <summary>The expiry is read once: the ticket's properties keep it as text, parsed on every read.</summary>
    private sealed record Entry(AuthenticationTicket Ticket, DateTimeOffset Added, DateTimeOffset? Expires);
}
