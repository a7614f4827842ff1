using System.Security.Claims;

namespace Platform.Gateway.Sessions;

/// <summary>
/// The gateway's cache of unsealed session tickets, keyed by the cookie's value. Whatever ends a session or changes
/// what sessions are pinned to (revocation, sign-out everywhere, a key ring change) empties it, or the part it
/// concerns, so the next request of those sessions is unsealed and validated from scratch.
/// </summary>
internal interface ITicketCache
{
    /// <summary>Forgets every session.</summary>
    void Clear();

    /// <summary>Forgets the session sealed in <paramref name="cookie"/> (the cookie's value); false if it was not kept.</summary>
    bool Remove(string cookie);

    /// <summary>Forgets every session whose principal matches, e.g. all of one user's; returns how many.</summary>
    int RemoveWhere(Func<ClaimsPrincipal, bool> predicate);
}
