using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.Gateway.Sessions;
using Platform.Sessions;
using Platform.Settings;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Sessions;

/// <summary>The cache in front of unsealing: only what unsealed is kept, and never past its expiry or its max age.</summary>
public sealed class TicketCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly ManualTime time = new(Start);
    private readonly CountingFormat sealer = new();

    [Fact]
    public void A_cookie_seen_before_is_not_unsealed_again()
    {
        var (format, _) = Create();
        var cookie = sealer.Seal(Ticket(Start.AddHours(8)));

        var first = format.Unprotect(cookie);
        var second = format.Unprotect(cookie);

        Assert.Equal(1, sealer.Unsealed);
        Assert.Same(first, second);
        Assert.Equal("alice@acme.test", second!.Principal.Identity!.Name);
        Assert.IsType<SessionPrincipal>(second.Principal);
    }

    [Fact]
    public void A_tampered_cookie_is_never_served_from_the_cache()
    {
        var (format, cache) = Create();
        var cookie = sealer.Seal(Ticket(Start.AddHours(8)));
        Assert.NotNull(format.Unprotect(cookie));

        var tampered = cookie[..^1] + (cookie[^1] == 'A' ? 'B' : 'A');

        Assert.Null(format.Unprotect(tampered));
        Assert.Null(format.Unprotect(tampered));
        Assert.Equal(3, sealer.Unsealed); // each attempt went to Data Protection, and failed there
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_cookie_that_differs_only_before_its_hashed_end_is_never_served_from_the_cache()
    {
        var (format, cache) = Create();
        var cookie = sealer.Seal(Ticket(Start.AddHours(8)));
        Assert.NotNull(format.Unprotect(cookie));

        var tampered = (cookie[0] == 'A' ? "B" : "A") + cookie[1..];

        // The same hash, so the same bucket: only the comparison of the whole value tells them apart.
        Assert.Equal(TicketCache.SealedValueComparer.Instance.GetHashCode(cookie), TicketCache.SealedValueComparer.Instance.GetHashCode(tampered));
        Assert.False(cache.TryGet(tampered, out _));
        Assert.Null(format.Unprotect(tampered));
        Assert.Equal(2, sealer.Unsealed);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void An_expired_session_is_never_served_from_the_cache()
    {
        var (format, cache) = Create();
        var cookie = sealer.Seal(Ticket(Start.AddMinutes(1)));
        Assert.NotNull(format.Unprotect(cookie));

        time.Now = Start.AddMinutes(1);

        Assert.False(cache.TryGet(cookie, out _));
        Assert.Equal(0, cache.Count);
        // The cookie itself still unseals: the cookie handler's expiry check then refuses it, as without a cache.
        Assert.NotNull(format.Unprotect(cookie));
        Assert.Equal(2, sealer.Unsealed);
    }

    [Fact]
    public void An_entry_older_than_max_age_is_unsealed_again()
    {
        var (format, _) = Create(maxAge: TimeSpan.FromMinutes(5));
        var cookie = sealer.Seal(Ticket(Start.AddHours(8)));
        format.Unprotect(cookie);

        time.Now = Start.AddMinutes(5);
        format.Unprotect(cookie);

        Assert.Equal(2, sealer.Unsealed);
    }

    [Fact]
    public void Clear_remove_and_remove_where_forget_sessions()
    {
        var (format, cache) = Create();
        var alice = sealer.Seal(Ticket(Start.AddHours(8)));
        var bob = sealer.Seal(Ticket(Start.AddHours(8), "bob@globex.test"));
        format.Unprotect(alice);
        format.Unprotect(bob);

        Assert.True(cache.Remove(alice));
        Assert.False(cache.Remove(alice));
        Assert.Equal(1, cache.RemoveWhere(p => p.Identity?.Name == "bob@globex.test"));
        format.Unprotect(alice);
        format.Unprotect(bob);
        Assert.Equal(4, sealer.Unsealed);

        cache.Clear();
        format.Unprotect(alice);
        Assert.Equal(5, sealer.Unsealed);
    }

    [Fact]
    public void The_cache_is_bounded()
    {
        var (format, cache) = Create(capacity: 2);
        foreach (var user in new[] { "a@acme.test", "b@acme.test", "c@acme.test" })
        {
            format.Unprotect(sealer.Seal(Ticket(Start.AddHours(8), user)));
        }

        Assert.True(cache.Count <= 2);
    }

    [Fact]
    public void A_ticket_with_a_purpose_is_not_cached()
    {
        var (format, cache) = Create();
        var cookie = sealer.Seal(Ticket(Start.AddHours(8)));

        format.Unprotect(cookie, "tls-binding");
        format.Unprotect(cookie, "tls-binding");

        Assert.Equal(2, sealer.Unsealed);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_cached_session_decides_once_per_service_and_as_the_ticket_says()
    {
        var (format, _) = Create();
        var principal = (SessionPrincipal)format.Unprotect(sealer.Seal(Ticket(Start.AddHours(8))))!.Principal;
        var matrix = TestMatrix.Create();

        var decision = principal.Decide("contacts", matrix);

        Assert.Same(decision, principal.Decide("contacts", matrix));
        Assert.Equal(("contacts-v2", "acme", "alice@acme.test"), (decision.Version!.AppId, decision.Tenant, decision.User));
        Assert.False(principal.Decide("insights", matrix).IsForward); // not in this ticket
    }

    private (CachingTicketFormat Format, TicketCache Cache) Create(int capacity = 100, TimeSpan? maxAge = null)
    {
        var cache = new TicketCache(Options.Create(new SessionCacheOptions { Capacity = capacity, MaxAge = maxAge ?? TimeSpan.FromMinutes(5) }), time);
        return (new CachingTicketFormat(sealer, cache), cache);
    }

    private static AuthenticationTicket Ticket(DateTimeOffset expires, string user = "alice@acme.test")
    {
        var ticket = new VersionTicket(user, "acme", "early", [], new Dictionary<string, string> { ["contacts"] = "v2" });
        return new AuthenticationTicket(ticket.ToPrincipal("Cookies"), new AuthenticationProperties { ExpiresUtc = expires }, "Cookies");
    }

    /// <summary>Stands in for Data Protection: opens only the exact strings it sealed, and counts every attempt.</summary>
    private sealed class CountingFormat : ISecureDataFormat<AuthenticationTicket>
    {
        private readonly Dictionary<string, AuthenticationTicket> sealedTickets = [];

        public int Unsealed { get; private set; }

        public string Seal(AuthenticationTicket ticket)
        {
            // As long as a real session cookie, and as random.
            var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(450));
            sealedTickets[text] = ticket;
            return text;
        }

        public string Protect(AuthenticationTicket data) => Seal(data);

        public string Protect(AuthenticationTicket data, string? purpose) => Seal(data);

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Unsealed++;
            return protectedText is not null && sealedTickets.TryGetValue(protectedText, out var ticket) ? ticket : null;
        }
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
