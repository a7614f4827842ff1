using Microsoft.AspNetCore.Authentication;

namespace Platform.Gateway.Sessions;

/// <summary>
/// The cookie handler's ticket format with the <see cref="TicketCache"/> in front of unsealing. It sits where the
/// handler unprotects the cookie, so everything the handler does after that (its expiry check, the
/// <c>OnValidatePrincipal</c> event, sign-out) runs as before whenever the handler runs: for a session's first
/// request, and for every request of a session the handler has not validated (<see cref="SessionAuthentication"/>).
/// </summary>
internal sealed class CachingTicketFormat(ISecureDataFormat<AuthenticationTicket> inner, TicketCache cache) : ISecureDataFormat<AuthenticationTicket>
{
    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        // A purpose (TLS token binding) makes the same cookie mean something else per connection: not cached.
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        if (cache.TryGet(protectedText, out var cached))
        {
            return cached;
        }

        return inner.Unprotect(protectedText) is { } unsealed ? cache.Add(protectedText, unsealed) : null;
    }
}
