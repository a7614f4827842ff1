using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Platform.Login.Assignments;
using Platform.Login.Drain;
using Platform.Login.Regions;
using Platform.Login.Sessions;
using Platform.Login.Validation;
using Platform.Settings;
using Platform.Matrix;
using Platform.Requests;
using Platform.Sessions;
using Platform.Sessions.Revocation;
using Platform.Telemetry;

namespace Platform.Login.Auth;

public sealed record LoginRequest(
    [property: UserName] string? Username,
    [property: StringLength(PlatformNames.MaxPasswordLength, ErrorMessage = "The password is too long.")] string? Password);

public sealed record SessionResponse(string User, string? Tenant, string? Ring, IReadOnlyList<string> Roles, IReadOnlyDictionary<string, string> Versions)
{
    public static SessionResponse From(VersionTicket ticket) => new(ticket.User, ticket.Tenant, ticket.Ring, ticket.Roles, ticket.Versions);
}

internal static class AuthApi
{
    public static WebApplication MapAuthApi(this WebApplication app)
    {
        var auth = app.MapGroup("/auth").WithTags("Sessions").WithBodySizeLimit(BodySizeLimit.ApiBytes);
        auth.MapPost("/login", SignInAsync).RequireSignInLimit();
        auth.MapGet("/session", GetSession).RequireAuthorization();
        auth.MapPost("/logout", SignOutAsync);
        return app;
    }

    private static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        LoginRequest request, HttpContext context, AssignmentStore store, VersionMatrix matrix,
        IPasswordHasher<UserAccount> hasher, RegionOptions region, TimeProvider clock, OpenSessionRecorder openSessions, ILogger<AuthLog> logger, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Username))
        {
            errors["username"] = ["Enter the user name (an email address)."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["Enter the password."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Sign-in needs a user name and a password");
        }

        var user = await store.FindUserAsync(request.Username!.Trim(), ct);
        var verdict = Verify(hasher, user, request.Password!);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            AuthLog.SignInRefused(logger);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong user name or password",
                detail: "Check both and try again.");
        }

        if (user.Disabled)
        {
            AuthLog.SignInOfDisabledUser(logger, user.Username);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Account disabled",
                detail: "Your account is disabled. Ask a platform admin to enable it.");
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded && region.Writes)
        {
            // The hash was made with older hasher settings; upgrade it while the password is at hand
            // (in the primary region: a secondary's store is a read-only replica, and the old hash still verifies).
            await store.TrySaveUserAsync(user with { PasswordHash = hasher.HashPassword(user, request.Password!) }, ct);
            AuthLog.PasswordRehashed(logger, user.Username);
        }

        var ticket = await IssueTicketAsync(user, store, matrix, ct);
        if (ticket is null)
        {
            AuthLog.TenantNotSetUp(logger, user.Username, user.Tenant);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Tenant not set up",
                detail: $"Your tenant '{user.Tenant}' has no version assignment yet. Ask a platform admin to set it up.");
        }

        // The session's own id and issue time, so sign-out and admin changes can end it (see Sessions/).
        var sessionId = Guid.NewGuid().ToString("N");
        var issuedAt = clock.GetUtcNow();
        var principal = SessionStamp.Stamp(ticket.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme), sessionId, issuedAt);
        // Counted before the cookie exists: if the store cannot take it, the sign-in fails (503) rather than hand out
        // a session the drain view does not see.
        await openSessions.SessionIssuedAsync(sessionId, ticket, issuedAt, ct);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        AuthLog.SessionIssued(logger, ticket.User, ticket.Tenant, ticket.Ring, string.Join(", ", ticket.Versions.Select(v => $"{v.Key} {v.Value}")));
        using var activity = PlatformTelemetry.Source.StartActivity("session issued");
        activity?.SetTag(PlatformTelemetry.TenantTag, ticket.Tenant);
        foreach (var (service, version) in ticket.Versions)
        {
            activity?.SetTag($"{PlatformTelemetry.VersionTag}.{service}", version);
        }

        return TypedResults.Ok(SessionResponse.From(ticket));
    }

    private static Results<Ok<SessionResponse>, ProblemHttpResult> GetSession(HttpContext context) =>
        context.GetVersionTicket() is { } ticket
            ? TypedResults.Ok(SessionResponse.From(ticket))
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");

    private static async Task<Results<NoContent, ProblemHttpResult>> SignOutAsync(HttpContext context, RevocationStore revocations, RegionOptions region, ILogger<AuthLog> logger, CancellationToken ct)
    {
        // A JSON body makes this a request a cross-site form cannot send (forms send only "simple" content types, and
        // a script on another origin would need a CORS preflight this API never grants): no forced sign-out by CSRF.
        if (!context.Request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Sign out with a JSON request",
                detail: "Send POST /auth/logout with Content-Type: application/json and the body {}.");
        }

        if (context.GetVersionTicket() is { } ticket)
        {
            // Recorded before the cookie is cleared: a copy of it must stop working at every gateway, not only here.
            // A secondary region's store is a read-only replica: there the cookie is only cleared in this browser.
            if (SessionStamp.SessionId(context.User) is { } sessionId && region.Writes)
            {
                await revocations.RevokeSessionAsync(sessionId, ct);
            }

            AuthLog.SignedOut(logger, ticket.User);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    // An unknown user still costs one hash check, so response times do not tell which user names exist.
    private static readonly string UnknownUserHash = new PasswordHasher<UserAccount>().HashPassword(new UserAccount("", "", null, []), Guid.NewGuid().ToString());

    private static PasswordVerificationResult Verify(IPasswordHasher<UserAccount> hasher, UserAccount? user, string password) =>
        hasher.VerifyHashedPassword(user ?? new UserAccount("", "", null, []), user?.PasswordHash ?? UnknownUserHash, password);

    /// <summary>
    /// The versions a user's session gets, decided now and fixed for the session's lifetime (or until an admin
    /// re-pins the tenant's sessions, which decides them again here). Null when the user's tenant is not set up.
    /// </summary>
    internal static async Task<VersionTicket?> IssueTicketAsync(UserAccount user, AssignmentStore store, VersionMatrix matrix, CancellationToken ct)
    {
        if (user.Tenant is null)
        {
            return new VersionTicket(user.Username, null, null, user.Roles, new Dictionary<string, string>());
        }

        if (await store.GetTenantAsync(user.Tenant, ct) is not { Value: var tenant })
        {
            return null;
        }

        var ring = (await store.GetRingAsync(tenant.Ring, ct))?.Value;
        return new VersionTicket(user.Username, tenant.Tenant, tenant.Ring, user.Roles, VersionResolver.Resolve(matrix, tenant, ring));
    }
}
