using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Platform.Callers;
using Platform.Login.Assignments;
using Platform.Login.Auth;
using Platform.Login.Drain;
using Platform.Matrix;
using Platform.Problems;
using Platform.Sessions;
using Platform.Sessions.Revocation;
using SessionOptions = Platform.Settings.SessionOptions;

namespace Platform.Login.Sessions;

internal static class RepinEndpoint
{
    /// <summary>
    /// <c>POST /internal/sessions/repin</c>, with the session's cookie: the gateway asks, with its sealed token
    /// (<see cref="CallerHeaders.Gateway"/>), for a session that must move to its tenant's current versions (the tenant
    /// was re-pinned after it was issued, or it is pinned to a version no longer deployed). Only login seals sessions,
    /// so it is here that the versions are resolved again and a fresh cookie for the same session (same id and expiry,
    /// a new issue time) is set; the gateway hands that <c>Set-Cookie</c> on to the browser and routes the request with
    /// the new versions. Not routed by the gateway. 401 when the session is not valid any more (sign in again).
    /// </summary>
    public static WebApplication MapRepinEndpoint(this WebApplication app)
    {
        app.MapPost(RevocationKinds.RepinPath, RepinAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> RepinAsync(
        HttpContext context, GatewayTokens tokens, RevocationStore revocations, AssignmentStore store, VersionMatrix matrix,
        OpenSessionRecorder openSessions, TimeProvider clock, Microsoft.Extensions.Options.IOptions<SessionOptions> sessions,
        ILogger<AuthLog> logger, CancellationToken ct)
    {
        if (!tokens.IsRepinToken(context.Request.Headers[CallerHeaders.Gateway].ToString()))
        {
            AuthLog.RepinNotFromGateway(logger);
            await context.WriteProblemAsync(StatusCodes.Status401Unauthorized, "Not the gateway",
                $"Sessions are re-pinned at the gateway's request only, with its {CallerHeaders.Gateway} token.");
            return Results.Empty;
        }

        // The cookie handler already refused an expired, tampered or (as far as this process knows) ended session.
        var authenticated = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (authenticated is not { Succeeded: true, Principal: { } principal } || VersionTicket.FromPrincipal(principal) is not { } old)
        {
            return SignInAgain("The session is missing, expired or ended.");
        }

        // This process's copy of the feed may be a second old; a fresh cookie must not revive a session ended since.
        var current = await revocations.ReadCurrentAsync(ct);
        if (current.IsRevoked(principal, authenticated.Properties.IssuedUtc))
        {
            AuthLog.RepinRefused(logger, old.User, "the session was ended");
            return SignInAgain("The session was ended.");
        }

        var user = await store.FindUserAsync(old.User, ct);
        if (user is null || user.Disabled)
        {
            AuthLog.RepinRefused(logger, old.User, user is null ? "the user no longer exists" : "the account is disabled");
            return SignInAgain("The account no longer signs in.");
        }

        if (await AuthApi.IssueTicketAsync(user, store, matrix, ct) is not { } ticket)
        {
            AuthLog.TenantNotSetUp(logger, user.Username, user.Tenant);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Tenant not set up",
                detail: $"Your tenant '{user.Tenant}' has no version assignment any more. Ask a platform admin to set it up.");
        }

        var now = clock.GetUtcNow();
        // After the tenant's latest re-pin even if the login that recorded it runs a little ahead of this one's clock:
        // a session stamped before it would be re-pinned again on every request.
        var repinnedAt = current.RepinnedBefore(ticket.Tenant) is { } before && before >= now ? before.AddMilliseconds(1) : now;
        var sessionId = SessionStamp.SessionId(principal) ?? Guid.NewGuid().ToString("N");
        var expires = authenticated.Properties.ExpiresUtc ?? now + sessions.Value.Lifetime;
        // Counted before the cookie exists, as at sign-in: the drain view moves the session to its new versions.
        await openSessions.SessionRepinnedAsync(sessionId, ticket, repinnedAt, expires, ct);
        var repinned = SessionStamp.Stamp(ticket.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme), sessionId, repinnedAt);
        // The same expiry: a re-pin moves a session, it does not lengthen it.
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, repinned,
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expires, IsPersistent = authenticated.Properties.IsPersistent });
        AuthLog.SessionRepinned(logger, ticket.User, ticket.Tenant, Describe(old.Versions), Describe(ticket.Versions));
        return TypedResults.Ok(SessionResponse.From(ticket));
    }

    private static IResult SignInAgain(string why) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in again",
            detail: $"{why} Sign in again with POST /auth/login.");

    private static string Describe(IReadOnlyDictionary<string, string> versions) =>
        versions.Count == 0 ? "(none)" : string.Join(", ", versions.Select(v => $"{v.Key} {v.Value}"));
}
