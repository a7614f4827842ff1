using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Login.Assignments;
using Platform.Login.Validation;
using Platform.Matrix;
using Platform.Requests;
using Platform.Sessions;

namespace Platform.Login.Admin;

/// <summary>
/// Moving tenants between versions. Every write is ETag-checked: it must send <c>If-Match</c> with the ETag it read
/// (428 without one, so no client overwrites blindly), and a change someone else made in between, whether before the
/// request or while it ran, gives 412 instead of being overwritten. A change applies to sign-ins from
/// then on; sessions already open keep the versions sealed in their cookie.
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
        HttpContext context, AssignmentStore store, VersionMatrix matrix, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(change.Ring))
        {
            return Invalid("ring", "Name the ring, e.g. { \"ring\": \"early\" }.");
        }

        if (await store.GetRingAsync(change.Ring, ct) is not { Value: var ring })
        {
            return NotFound("Unknown ring", $"There is no ring '{change.Ring}'. GET /admin/rings lists them.");
        }

        return await UpdateTenantAsync(tenant, ifMatch, t => t with { Ring = ring.Ring }, context, store, matrix, ct);
    }

    private static async Task<Results<Ok<TenantView>, ValidationProblem, ProblemHttpResult>> SetOverrideAsync(
        [Name] string tenant, [Name] string service, VersionChange change, [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext context, AssignmentStore store, VersionMatrix matrix, CancellationToken ct)
    {
        if (Validate(matrix, service, change.Version) is { } invalid)
        {
            return invalid;
        }

        var (name, version) = Canonical(matrix, service, change.Version!);
        return await UpdateTenantAsync(tenant, ifMatch,
            t => t with { Overrides = new Dictionary<string, string>(t.Overrides) { [name] = version } }, context, store, matrix, ct);
    }

    private static async Task<Results<Ok<TenantView>, ValidationProblem, ProblemHttpResult>> ClearOverrideAsync(
        [Name] string tenant, [Name] string service, [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext context, AssignmentStore store, VersionMatrix matrix, CancellationToken ct)
    {
        if (!matrix.TryGetService(service, out var deployed))
        {
            return UnknownService(matrix, service);
        }

        return await UpdateTenantAsync(tenant, ifMatch,
            t => t with { Overrides = t.Overrides.Where(o => o.Key != deployed.Name).ToDictionary() }, context, store, matrix, ct);
    }

    private static async Task<Results<Ok<RingView>, ValidationProblem, ProblemHttpResult>> ChangeRingVersionAsync(
        [Name] string ring, [Name] string service, VersionChange change, [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext context, AssignmentStore store, VersionMatrix matrix, CancellationToken ct)
    {
        if (Validate(matrix, service, change.Version) is { } invalid)
        {
            return invalid;
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
        if (!await store.TrySaveRingAsync(changed, current.ETag, ct))
        {
            AdminLog.AssignmentConflict(logger, Admin(context), what);
            return AdminPreconditions.ChangedMeanwhile($"ring '{ring}'");
        }

        AdminLog.AssignmentChanged(logger, Admin(context), what, current.Value.Versions.GetValueOrDefault(name) ?? "(none)", version);

        var saved = (await store.GetRingAsync(ring, ct))!;
        context.Response.Headers.ETag = Quote(saved.ETag);
        return TypedResults.Ok(ToView(saved));
    }

    private static async Task<Results<Ok<TenantView>, ValidationProblem, ProblemHttpResult>> UpdateTenantAsync(
        string tenant, string? ifMatch, Func<TenantAssignment, TenantAssignment> change,
        HttpContext context, AssignmentStore store, VersionMatrix matrix, CancellationToken ct)
    {
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
        if (!await store.TrySaveTenantAsync(changed, current.ETag, ct))
        {
            AdminLog.AssignmentConflict(logger, Admin(context), what);
            return AdminPreconditions.ChangedMeanwhile($"tenant '{tenant}'");
        }

        AdminLog.AssignmentChanged(logger, Admin(context), what, Describe(current.Value), Describe(changed));

        var saved = (await store.GetTenantAsync(tenant, ct))!;
        var ring = (await store.GetRingAsync(saved.Value.Ring, ct))?.Value;
        context.Response.Headers.ETag = Quote(saved.ETag);
        return TypedResults.Ok(ToView(saved, ring, matrix));
    }

    private static string Admin(HttpContext context) => context.GetVersionTicket()?.User ?? "(unknown)";

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILogger<AdminLog>>();

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

    private static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    private static string Quote(string etag) => $"\"{etag}\"";

    private static RingView ToView(Versioned<RingAssignment> ring) => new(ring.Value.Ring, ring.Value.Versions, ring.ETag);

    private static TenantView ToView(Versioned<TenantAssignment> tenant, RingAssignment? ring, VersionMatrix matrix) =>
        new(tenant.Value.Tenant, tenant.Value.Ring, tenant.Value.Overrides, VersionResolver.Resolve(matrix, tenant.Value, ring), tenant.ETag);
}
