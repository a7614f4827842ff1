using System.Collections.Concurrent;
using System.Security.Claims;
using Platform.Gateway.Routing;
using Platform.Matrix;
using Platform.Sessions;
using Platform.Sessions.Revocation;

namespace Platform.Gateway.Sessions;

/// <summary>
/// The principal of a cached session: the unsealed identities, plus what the gateway derives from them once instead
/// of on every request (the <see cref="VersionTicket"/> and the routing decision per service). Everything derived
/// depends only on the sealed ticket and the version matrix, both fixed for the life of the entry.
/// </summary>
internal sealed class SessionPrincipal : ClaimsPrincipal
{
    private readonly ConcurrentDictionary<string, RoutingDecision> decisions = new(StringComparer.Ordinal);
    private bool validated;

    public SessionPrincipal(ClaimsPrincipal unsealed)
        : base(unsealed.Identities)
    {
        Ticket = VersionTicket.FromPrincipal(this);
        IssuedAt = SessionStamp.IssuedAt(this);
        SessionId = SessionStamp.SessionId(this);
        UserName = Identity?.Name;
    }

    public VersionTicket? Ticket { get; }

    /// <summary>When login issued (or last re-pinned) the session; compared with its tenant's latest re-pin.</summary>
    public DateTimeOffset? IssuedAt { get; }

    /// <summary>The session's id and its user, as the revocation check asks for them.</summary>
    public string? SessionId { get; }

    public string? UserName { get; }

    /// <summary>
    /// True once the cookie handler validated this session (its validation events let it through). It stays true
    /// for the life of the cache entry, which ends with any revocation (the cache is emptied) or a re-pin.
    /// </summary>
    public bool IsValidated => Volatile.Read(ref validated);

    public void MarkValidated() => Volatile.Write(ref validated, true);

    /// <summary>The decision for <paramref name="service"/>, made once per session and service.</summary>
    public RoutingDecision Decide(string service, VersionMatrix matrix) =>
        decisions.TryGetValue(service, out var decision)
            ? decision
            : decisions.GetOrAdd(service, RoutingDecision.Decide(Ticket, service, matrix));
}
