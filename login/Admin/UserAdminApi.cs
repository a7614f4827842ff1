using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Login.Assignments;
using Platform.Login.Sessions;
using Platform.Login.Validation;
using Platform.Requests;
using Platform.Sessions;

namespace Platform.Login.Admin;

public sealed record UserView(string Username, string? Tenant, IReadOnlyList<string> Roles, bool Disabled, [property: System.Text.Json.Serialization.JsonPropertyName("etag")] string ETag);

public sealed record UserDisabledChange(bool? Disabled);

public sealed record UserRolesChange(IReadOnlyList<string>? Roles);

/// <summary>
/// Disabling users and changing their roles. ETag-checked like the rest of the admin API (<c>If-Match</c> required,
/// 428 without it; a change made by someone else in between gives 412). Disabling a user or changing their roles ends every session they
/// have open, at every gateway within seconds: they sign in again, and get what they are now allowed.
/// </summary>
internal static class UserAdminApi
{
    /// <summary>The roles the platform knows; anything else is a typo that would grant nothing.</summary>
    private static readonly string[] KnownRoles = [VersionTicket.AdminRole];

    public static WebApplication MapUserAdminApi(this WebApplication app)
    {
        var users = app.MapGroup("/admin/users").RequireAuthorization(AdminApi.PolicyName).WithTags("Admin").WithBodySizeLimit(BodySizeLimit.ApiBytes);
        users.MapGet("/{username}", GetUserAsync);
        users.MapPut("/{username}/disabled", ChangeDisabledAsync);
        users.MapPut("/{username}/roles", ChangeRolesAsync);
        return app;
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetUserAsync([UserName] string username, HttpContext context, AssignmentStore store, CancellationToken ct)
    {
        if (await store.GetUserAsync(username, ct) is not { } user)
        {
            return UnknownUser(username);
        }

        context.Response.Headers.ETag = $"\"{user.ETag}\"";
        return TypedResults.Ok(ToView(user));
    }

    private static Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> ChangeDisabledAsync(
        [UserName] string username, UserDisabledChange change, [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext context, AssignmentStore store, RevocationStore revocations, CancellationToken ct) =>
        change.Disabled is not { } disabled
            ? Task.FromResult<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>>(Invalid("disabled", "Say true or false, e.g. { \"disabled\": true }."))
            : UpdateUserAsync(username, ifMatch, u => u with { Disabled = disabled }, endsSessions: disabled, context, store, revocations, ct);

    private static Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> ChangeRolesAsync(
        [UserName] string username, UserRolesChange change, [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext context, AssignmentStore store, RevocationStore revocations, CancellationToken ct)
    {
        var unknown = change.Roles?.FirstOrDefault(r => !KnownRoles.Contains(r, StringComparer.Ordinal));
        if (change.Roles is not { } roles || unknown is not null)
        {
            return Task.FromResult<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>>(Invalid("roles",
                $"{(unknown is null ? "List the roles" : $"'{unknown}' is not a role")}, e.g. {{ \"roles\": [\"{VersionTicket.AdminRole}\"] }} or {{ \"roles\": [] }}. Roles: {string.Join(", ", KnownRoles)}."));
        }

        var wanted = roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return UpdateUserAsync(username, ifMatch, u => u with { Roles = wanted }, endsSessions: true, context, store, revocations, ct);
    }

    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> UpdateUserAsync(
        string username, string? ifMatch, Func<UserAccount, UserAccount> change, bool endsSessions,
        HttpContext context, AssignmentStore store, RevocationStore revocations, CancellationToken ct)
    {
        if (await store.GetUserAsync(username, ct) is not { } current)
        {
            return UnknownUser(username);
        }

        if (AdminPreconditions.Precondition(ifMatch, current.ETag, $"user '{username}'", $"/admin/users/{username}") is { } failed)
        {
            return failed;
        }

        var changed = change(current.Value);
        var admin = context.GetVersionTicket()?.User ?? "(unknown)";
        var logger = context.RequestServices.GetRequiredService<ILogger<AdminLog>>();
        var what = $"user {current.Value.Username}";
        if (!await store.TrySaveUserAsync(changed, current.ETag, ct))
        {
            AdminLog.AssignmentConflict(logger, admin, what);
            return AdminPreconditions.ChangedMeanwhile($"user '{username}'");
        }

        AdminLog.AssignmentChanged(logger, admin, what, Describe(current.Value), Describe(changed));
        if (endsSessions && changed != current.Value)
        {
            // After the save: a session issued from here on already carries the new roles (or cannot be issued).
            await revocations.RevokeUserAsync(changed.Username, ct);
            AdminLog.SessionsEnded(logger, admin, changed.Username);
        }

        var saved = (await store.GetUserAsync(username, ct))!;
        context.Response.Headers.ETag = $"\"{saved.ETag}\"";
        return TypedResults.Ok(ToView(saved));
    }

    private static string Describe(UserAccount user) =>
        $"{(user.Disabled ? "disabled" : "enabled")}, roles [{string.Join(", ", user.Roles)}]";

    private static UserView ToView(Versioned<UserAccount> user) =>
        new(user.Value.Username, user.Value.Tenant, user.Value.Roles, user.Value.Disabled, user.ETag);

    private static ProblemHttpResult UnknownUser(string username) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown user", detail: $"There is no user '{username}'.");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The change is not valid");
}
