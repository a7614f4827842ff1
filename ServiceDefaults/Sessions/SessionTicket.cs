using Microsoft.AspNetCore.Http;

namespace Platform.Sessions;

public static class SessionTicket
{
    /// <summary>
    /// The session's ticket, read from the authenticated principal once per request and kept on the request for
    /// whoever asks next (the routing decision, an endpoint). Null when the request has no platform session.
    /// </summary>
    public static VersionTicket? GetVersionTicket(this HttpContext context)
    {
        if (context.Features.Get<ReadTicket>() is { } read)
        {
            return read.Ticket;
        }

        var ticket = VersionTicket.FromPrincipal(context.User);
        context.Features.Set(new ReadTicket(ticket));
        return ticket;
    }

    private sealed record ReadTicket(VersionTicket? Ticket);
}
