using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Login.Assignments;
using Platform.Login.Audit;
using Platform.Login.Validation;
using Platform.Matrix;
using Platform.Requests;
using Platform.Sessions;

namespace Platform.Login.Admin;

/// <summary>
/// Moving tenants between versions. Every write is ETag-checked: it must send <c>If-Match</c> with the ETag it read
/// (428 without one, so no client overwrites blindly), and a change someone else made in between, whether before the
/// request or while it ran, gives 412 instead of being overwritten. A change applies to sign-ins from
/// then on; sessions already open keep the versions sealed in their cookie. Every change is saved together with its
/// audit entry (who, when, before and after, and the reason sent in <c>X-Change-Reason</c>), see <see cref="AuditApi"/>.
/// </summary>
internal static class AdminApi
{
    public const string PolicyName = "admin";

    public static WebApplication MapAdminApi(this WebApplication app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization(PolicyName).WithTags("Admin").WithBodySizeLimit(BodySizeLimit.ApiBytes);
        admin.MapGet("/matrix", GetMatrix);
        admin.MapGet("/rings", ListRingsAsync);
        admin.MapGet("/tenants", ListTenantsAsync);
        admin.MapPut("/tenants/{tenant}/ring", ChangeTenantRingAsync);
        admin.MapPut("/rings/{ring}/versions/{service}", ChangeRingVersionAsync);
        admin.MapPut("/tenants/{tenant}/overrides/{service}", SetOverrideAsync);
        admin.MapDelete("/tenants/{tenant}/overrides/{service}", ClearOverrideAsync);
        return app;
    }

    public static IServiceCollection AddAdminPolicy(this IServiceCollection services) =>
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, p => p.RequireRole(VersionTicket.AdminRole)).Services;

    private static MatrixView GetMatrix(VersionMatrix matrix) =>
        new(matrix.Services.Values.ToDictionary(s => s.Name, IReadOnlyList<string> (s) => s.Versions.Keys.ToList()));

    private static async Task<IReadOnlyList<RingView>> ListRingsAsync(AssignmentStore store, CancellationToken ct) =>
        (await store.ListRingsAsync(ct)).Select(ToView).ToList();

    private static async Task<IReadOnlyList<TenantView>> ListTenantsAsync(AssignmentStore store, VersionMatrix matrix, CancellationToken ct)
    {
        var rings = (await store.ListRingsAsync(ct)).ToDictionary(r => r.Value.Ring, r => r.Value, StringComparer.OrdinalIgnoreCase);
        return (await store.ListTenantsAsync(ct)).Select(t => ToView(t, rings.GetValueOrDefault(t.Value.Ring), matrix)).ToList();
    }

    private static async Task<Results<Ok<TenantView>, ValidationProblem, ProblemHttpResult>> ChangeTenantRingAsync(
        [Name] string tenant, RingChange change, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = ChangeReason.HeaderName)] string? reason,
        HttpContext context, AssignmentStore store, AuditTrail audit, VersionMatrix matrix, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(change.Ring))
        {
            return Invalid("ring", "Name the ring, e.g. { \"ring\": \"early\" }.");
        }

        if (await store.GetRingAsync(change.Ring, ct) is not { Value: var ring })
        {
            return NotFound("Unknown ring", $"There is no ring '{change.Ring}'. GET /admin/rings lists them.");
        }

        return await UpdateTenantAsync(tenant, ifMatch, reason, t => t with { Ring = ring.Ring },
            (before, after) => AuditedChange.TenantRing(before.Tenant, before.Ring, after.Ring), context, store, audit, matrix, ct);
    }

    private static async Task<Results<Ok<TenantView>, ValidationProblem, ProblemHttpResult>> SetOverrideAsync(
        [Name] string tenant, [Name] string service, VersionChange change, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = ChangeReason.HeaderName)] string? reason,
        HttpContext context, AssignmentStore store, AuditTrail audit, VersionMatrix matrix, CancellationToken ct)
    {
        if (Validate(matrix, service, change.Version) is { } invalid)
        {
            return invalid;
        }

        var (name, version) = Canonical(matrix, service, change.Version!);
        return await UpdateTenantAsync(tenant, ifMatch, reason,
            t => t with { Overrides = new Dictionary<string, string>(t.Overrides) { [name] = version } },
            (before, _) => AuditedChange.TenantOverride(before.Tenant, name, before.Overrides.GetValueOrDefault(name), version), context, store, audit, matrix, ct);
    }

    private static async Task<Results<Ok<TenantView>, ValidationProblem, ProblemHttpResult>> ClearOverrideAsync(
        [Name] string tenant, [Name] string service, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = ChangeReason.HeaderName)] string? reason,
        HttpContext context, AssignmentStore store, AuditTrail audit, VersionMatrix matrix, CancellationToken ct)
    {
        if (!matrix.TryGetService(service, out var deployed))
        {
            return UnknownService(matrix, service);
        }

        return await UpdateTenantAsync(tenant, ifMatch, reason,
            t => t with { Overrides = t.Overrides.Where(o => o.Key != deployed.Name).ToDictionary() },
            (before, _) => AuditedChange.TenantOverride(before.Tenant, deployed.Name, before.Overrides.GetValueOrDefault(deployed.Name), null), context, store, audit, matrix, ct);
    }

    private static async Task<Results<Ok<RingView>, ValidationProblem, ProblemHttpResult>> ChangeRingVersionAsync(
        [Name] string ring, [Name] string service, VersionChange change, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = ChangeReason.HeaderName)] string? reason,
        HttpContext context, AssignmentStore store, AuditTrail audit, VersionMatrix matrix, CancellationToken ct)
    {
        if (Validate(matrix, service, change.Version) is { } invalid)
        {
            return invalid;
        }

        if (ChangeReason.Read(reason) is (_, { } badReason))
        {
            return badReason;
        }

        if (await store.GetRingAsync(ring, ct) is not { } current)
        {
            return NotFound("Unknown ring", $"There is no ring '{ring}'. GET /admin/rings lists them.");
        }

        if (AdminPreconditions.Precondition(ifMatch, current.ETag, $"ring '{ring}'", "/admin/rings") is { } failed)
        {
            return failed;
        }

        var (name, version) = Canonical(matrix, service, change.Version!);
        var changed = current.Value with { Versions = new Dictionary<string, string>(current.Value.Versions) { [name] = version } };
        var what = $"ring {current.Value.Ring} {name}";
        var logger = Logger(context);
        var audited = AuditedChange.RingVersion(current.Value.Ring, name, current.Value.Versions.GetValueOrDefault(name), version);
        if (await audit.TrySaveAsync(AssignmentStore.RingWrite(changed, current.ETag), audited, Admin(context), ChangeReason.Read(reason).Reason, ct: ct) is not { } entry)
        {
            AdminLog.AssignmentConflict(logger, Admin(context), what);
            return AdminPreconditions.ChangedMeanwhile($"ring '{ring}'");
        }

        AdminLog.AuditedChange(logger, Admin(context), what, audited.Before ?? "(none)", version, entry.Id, entry.Reason ?? "(none)");

        var saved = (await store.GetRingAsync(ring, ct))!;
        context.Response.Headers.ETag = Quote(saved.ETag);
        return TypedResults.Ok(ToView(saved));
    }

    private static async Task<Results<Ok<TenantView>, ValidationProblem, ProblemHttpResult>> UpdateTenantAsync(
        string tenant, string? ifMatch, string? reasonHeader, Func<TenantAssignment, TenantAssignment> change,
        Func<TenantAssignment, TenantAssignment, AuditedChange> describe,
        HttpContext context, AssignmentStore store, AuditTrail audit, VersionMatrix matrix, CancellationToken ct)
    {
        var (reason, badReason) = ChangeReason.Read(reasonHeader);
        if (badReason is not null)
        {
            return badReason;
        }

        if (await store.GetTenantAsync(tenant, ct) is not { } current)
        {
            return NotFound("Unknown tenant", $"There is no tenant '{tenant}'. GET /admin/tenants lists them.");
        }

        if (AdminPreconditions.Precondition(ifMatch, current.ETag, $"tenant '{tenant}'", "/admin/tenants") is { } failed)
        {
            return failed;
        }

        var changed = change(current.Value);
        var what = $"tenant {current.Value.Tenant}";
        var logger = Logger(context);
        if (await audit.TrySaveAsync(AssignmentStore.TenantWrite(changed, current.ETag), describe(current.Value, changed), Admin(context), reason, ct: ct) is not { } entry)
        {
            AdminLog.AssignmentConflict(logger, Admin(context), what);
            return AdminPreconditions.ChangedMeanwhile($"tenant '{tenant}'");
        }

        AdminLog.AuditedChange(logger, Admin(context), what, Describe(current.Value), Describe(changed), entry.Id, entry.Reason ?? "(none)");

        var saved = (await store.GetTenantAsync(tenant, ct))!;
        var ring = (await store.GetRingAsync(saved.Value.Ring, ct))?.Value;
        context.Response.Headers.ETag = Quote(saved.ETag);
        return TypedResults.Ok(ToView(saved, ring, matrix));
    }

    internal static string Admin(HttpContext context) => context.GetVersionTicket()?.User ?? "(unknown)";

    internal static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILogger<AdminLog>>();

    private static string Describe(TenantAssignment tenant) =>
        $"ring {tenant.Ring}" + (tenant.Overrides.Count == 0 ? ", no overrides" : ", overrides " + string.Join(", ", tenant.Overrides.Select(o => $"{o.Key} {o.Value}")));

    private static ValidationProblem? Validate(VersionMatrix matrix, string service, string? version)
    {
        if (!matrix.TryGetService(service, out var deployed))
        {
            return UnknownService(matrix, service);
        }

        if (string.IsNullOrWhiteSpace(version) || !deployed.Versions.ContainsKey(version))
        {
            return Invalid("version", $"'{version}' is not a deployed version of {deployed.Name}. Deployed: {string.Join(", ", deployed.Versions.Keys)}.");
        }

        return null;
    }

    private static (string Service, string Version) Canonical(VersionMatrix matrix, string service, string version)
    {
        matrix.TryGetVersion(service, version, out var deployed);
        return (deployed!.Service, deployed.Version);
    }

    private static ValidationProblem UnknownService(VersionMatrix matrix, string service) =>
        Invalid("service", $"'{service}' is not a service of the version matrix. Services: {string.Join(", ", matrix.Services.Keys)}.");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The change is not valid");

    internal static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    private static string Quote(string etag) => $"\"{etag}\"";

    private static RingView ToView(Versioned<RingAssignment> ring) => new(ring.Value.Ring, ring.Value.Versions, ring.ETag);

    private static TenantView ToView(Versioned<TenantAssignment> tenant, RingAssignment? ring, VersionMatrix matrix) =>
        new(tenant.Value.Tenant, tenant.Value.Ring, tenant.Value.Overrides, VersionResolver.Resolve(matrix, tenant.Value, ring), tenant.ETag);
}
