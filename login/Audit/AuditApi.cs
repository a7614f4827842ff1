using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Login.Admin;
using Platform.Login.Assignments;
using Platform.Login.Validation;
using Platform.Matrix;
using Platform.Requests;

namespace Platform.Login.Audit;

/// <summary>
/// The history of assignment changes and a one-step undo. <c>GET /admin/audit</c> lists entries newest first,
/// filtered and paged by cursor; <c>POST /admin/audit/{id}/revert</c> puts the entry's <c>before</c> back, as a change
/// of its own (audited, its reason naming the entry), and only while the thing still holds the entry's <c>after</c>:
/// otherwise 409, since undoing would also undo whatever changed it since. That comparison is the revert's
/// precondition, so it needs no If-Match. Admin-only, like the rest of the admin API.
/// </summary>
internal static class AuditApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>A revert that loses this many races in a row to other writers of the same thing gives up with 412.</summary>
    private const int MaxRevertAttempts = 3;

    public static WebApplication MapAuditApi(this WebApplication app)
    {
        var audit = app.MapGroup("/admin/audit").RequireAuthorization(AdminApi.PolicyName).WithTags("Admin").WithBodySizeLimit(BodySizeLimit.ApiBytes);
        audit.MapGet("", ListAsync);
        audit.MapPost("/{id}/revert", RevertAsync);
        return app;
    }

    /// <summary>The trail in the assignment store login already uses; its time from <see cref="TimeProvider"/>.</summary>
    public static IServiceCollection AddAuditTrail(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services.AddSingleton<AuditTrail>();
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> ListAsync(
        [Name] string? tenant, [Name] string? ring, [Name] string? service, string? from, string? to, string? limit, string? cursor,
        AuditTrail trail, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var fromTime = ParseTime(from, "from", errors);
        var toTime = ParseTime(to, "to", errors);
        if (fromTime > toTime)
        {
            errors["to"] = [$"'to' ({to}) is before 'from' ({from}). Swap them or widen the range."];
        }

        var pageSize = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"Ask for 1 to {MaxLimit} entries (default {DefaultLimit})."];
        }

        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1)
            {
                before = parsed;
            }
            else
            {
                errors["cursor"] = ["Pass the 'next' of the previous page as it was given, or leave cursor out for the newest entries."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The audit query is not valid");
        }

        return TypedResults.Ok(await trail.ListAsync(new AuditFilter(tenant, ring, service, fromTime, toTime), pageSize, before, ct));
    }

    private static async Task<Results<Ok<AuditEntry>, ValidationProblem, ProblemHttpResult>> RevertAsync(
        string id, [FromHeader(Name = ChangeReason.HeaderName)] string? reason,
        HttpContext context, AuditTrail trail, AssignmentStore store, VersionMatrix matrix, CancellationToken ct)
    {
        var (why, badReason) = ChangeReason.Read(reason);
        if (badReason is not null)
        {
            return badReason;
        }

        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var entryId) || await trail.GetAsync(entryId, ct) is not { } entry)
        {
            return AdminApi.NotFound("Unknown audit entry", $"There is no audit entry '{id}'. GET /admin/audit lists them.");
        }

        if (entry.Before is { } version && entry.Change != AuditChanges.TenantRing && !matrix.TryGetVersion(entry.Service!, version, out _))
        {
            return Conflict($"Audit entry {entry.Id} cannot be reverted: {entry.Service} {version} is no longer deployed. Choose a deployed version with a change of its own.");
        }

        var admin = AdminApi.Admin(context);
        var logger = AdminApi.Logger(context);
        var revertReason = $"revert of audit entry {entry.Id}" + (why is null ? "" : $": {why}");
        for (var attempt = 0; attempt < MaxRevertAttempts; attempt++)
        {
            var saved = entry.Change == AuditChanges.RingVersion
                ? await RevertRingAsync(entry, admin, revertReason, trail, store, ct)
                : await RevertTenantAsync(entry, admin, revertReason, trail, store, ct);
            switch (saved)
            {
                case { Refused: { } current }:
                    AdminLog.RevertRefused(logger, admin, entry.Id, What(entry), current, entry.After ?? "(none)");
                    return Conflict($"Audit entry {entry.Id} cannot be reverted: {What(entry)} was changed since (it is {current}, not {entry.After ?? "(none)"}). " +
                        "Look at the newer entries and revert those first, or make the change you want directly.");
                case { Entry: { } revert }:
                    AdminLog.ChangeReverted(logger, admin, entry.Id, What(entry), entry.After ?? "(none)", entry.Before ?? "(none)", revert.Id);
                    return TypedResults.Ok(revert);
                case { Missing: true }:
                    return AdminApi.NotFound("Nothing to revert", $"{What(entry)} of audit entry {entry.Id} no longer exists.");
            }

            // Someone else wrote the thing between reading and saving: read again, and compare again.
        }

        return AdminPreconditions.ChangedMeanwhile(What(entry));
    }

    private static async Task<RevertOutcome> RevertTenantAsync(AuditEntry entry, string admin, string reason, AuditTrail trail, AssignmentStore store, CancellationToken ct)
    {
        if (await store.GetTenantAsync(entry.Tenant!, ct) is not { } current)
        {
            return new RevertOutcome(Missing: true);
        }

        if (!AuditReversal.IsUnchangedSince(entry, current.Value, null))
        {
            return new RevertOutcome(Refused: AuditReversal.CurrentValue(entry, current.Value, null) ?? "(none)");
        }

        var reverted = AuditReversal.Revert(entry, current.Value);
        return new RevertOutcome(Entry: await trail.TrySaveAsync(AssignmentStore.TenantWrite(reverted, current.ETag), AuditReversal.Inverse(entry), admin, reason, entry.Id, ct));
    }

    private static async Task<RevertOutcome> RevertRingAsync(AuditEntry entry, string admin, string reason, AuditTrail trail, AssignmentStore store, CancellationToken ct)
    {
        if (await store.GetRingAsync(entry.Ring!, ct) is not { } current)
        {
            return new RevertOutcome(Missing: true);
        }

        if (!AuditReversal.IsUnchangedSince(entry, null, current.Value))
        {
            return new RevertOutcome(Refused: AuditReversal.CurrentValue(entry, null, current.Value) ?? "(none)");
        }

        var reverted = AuditReversal.Revert(entry, current.Value);
        return new RevertOutcome(Entry: await trail.TrySaveAsync(AssignmentStore.RingWrite(reverted, current.ETag), AuditReversal.Inverse(entry), admin, reason, entry.Id, ct));
    }

    private static DateTimeOffset? ParseTime(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        errors[field] = [$"'{value}' is not a time. Use ISO 8601, e.g. 2026-11-29T12:00:00Z."];
        return null;
    }

    private static string What(AuditEntry entry) => entry.Change switch
    {
        AuditChanges.TenantRing => $"the ring of tenant '{entry.Tenant}'",
        AuditChanges.TenantOverride => $"the {entry.Service} override of tenant '{entry.Tenant}'",
        _ => $"the {entry.Service} version of ring '{entry.Ring}'",
    };

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot revert", detail: detail);

    /// <summary>One attempt: refused (what the thing holds now), the thing gone, saved (the revert's entry), or null Entry when the save lost a race.</summary>
    private sealed record RevertOutcome(string? Refused = null, bool Missing = false, AuditEntry? Entry = null);
}
