using System.Security.Claims;

namespace Platform.Sessions.Revocation;

/// <summary>
/// One entry of the revocation feed: login appends, every gateway (and every login instance) applies. Kinds are open
/// ended so the same feed can carry more than "this session is over": a consumer applies the kinds it knows and
/// passes every entry to its listeners (see <see cref="RevocationSet.Applied"/>), e.g. a ticket cache to empty.
/// </summary>
/// <param name="Sequence">Position in the feed, from 1; a consumer asks for what came after the last it applied.</param>
/// <param name="Kind">See <see cref="RevocationKinds"/>.</param>
/// <param name="Subject">A session id, a user name (lower case) or a tenant (lower case), depending on the kind.</param>
/// <param name="IssuedBefore">For user and tenant kinds: sessions issued before this instant are affected.</param>
/// <param name="Expires">After this no session it could affect is still valid, so the entry is dropped.</param>
public sealed record RevocationEntry(long Sequence, string Kind, string Subject, DateTimeOffset? IssuedBefore, DateTimeOffset Expires);

/// <summary>What login answers a feed reader: entries after its cursor, and the feed's last sequence number.</summary>
public sealed record RevocationFeed(long Last, IReadOnlyList<RevocationEntry> Entries);

public static class RevocationKinds
{
    /// <summary>Login's internal endpoint that serves the feed to the gateways (not routed by the gateway).</summary>
    public const string FeedPath = "/internal/sessions/revocations";

    /// <summary>One session, by id: sign-out.</summary>
    public const string Session = "session";

    /// <summary>Every session of a user issued before <see cref="RevocationEntry.IssuedBefore"/>: disabled, roles changed.</summary>
    public const string User = "user";

    /// <summary>
    /// Not an end: every session of a tenant issued before <see cref="RevocationEntry.IssuedBefore"/> moves to the
    /// tenant's current versions on its next request (an admin's re-pin). The subject is the tenant.
    /// </summary>
    public const string Repin = "repin";

    /// <summary>Login's internal endpoint where the gateway has a session re-pinned (not routed by the gateway).</summary>
    public const string RepinPath = "/internal/sessions/repin";
}

/// <summary>
/// What login stamps into every session it issues beside the <see cref="VersionTicket"/>, so the session can be
/// ended: its id, and when it was issued (to the millisecond; the cookie's own issue time is kept to the second).
/// </summary>
public static class SessionStamp
{
    public const string SessionIdClaim = "platform:sid";
    public const string IssuedAtClaim = "platform:issued";

    public static ClaimsPrincipal Stamp(ClaimsPrincipal principal, string sessionId, DateTimeOffset issuedAt)
    {
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(SessionIdClaim, sessionId));
        identity.AddClaim(new Claim(IssuedAtClaim, issuedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return principal;
    }

    public static string? SessionId(ClaimsPrincipal principal) => principal.FindFirst(SessionIdClaim)?.Value;

    public static DateTimeOffset? IssuedAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst(IssuedAtClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
