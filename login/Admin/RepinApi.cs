using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Login.Assignments;
using Platform.Login.Sessions;
using Platform.Login.Validation;
using Platform.Requests;

namespace Platform.Login.Admin;

/// <summary>What a re-pin asked for: the tenants whose open sessions move, those issued before <c>IssuedBefore</c>.</summary>
public sealed record RepinView(IReadOnlyList<string> Tenants, DateTimeOffset IssuedBefore);

/// <summary>
/// Moving open sessions to their tenant's current versions without a new sign-in: an assignment change otherwise
/// applies to sign-ins only. The call records a re-pin in the revocation feed (one entry per tenant); every gateway
/// reads it within about a second and has each session issued before it re-pinned by login on its next request
/// (<see cref="RepinEndpoint"/>), so the answer is 202: requested, applied as sessions come back.
/// </summary>
internal static class RepinApi
{
    public static WebApplication MapRepinApi(this WebApplication app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization(AdminApi.PolicyName).WithTags("Admin").WithBodySizeLimit(BodySizeLimit.ApiBytes);
        admin.MapPost("/tenants/{tenant}/repin", RepinTenantAsync);
        admin.MapPost("/rings/{ring}/repin", RepinRingAsync);
        return app;
    }

    private static async Task<Results<Accepted<RepinView>, ProblemHttpResult>> RepinTenantAsync(
        [Name] string tenant, HttpContext context, AssignmentStore store, RevocationStore revocations, CancellationToken ct)
    {
        if (await store.GetTenantAsync(tenant, ct) is not { Value: var found })
        {
            return AdminApi.NotFound("Unknown tenant", $"There is no tenant '{tenant}'. GET /admin/tenants lists them.");
        }

        return TypedResults.Accepted((string?)null, await RepinAsync([found.Tenant], context, revocations, ct));
    }

    private static async Task<Results<Accepted<RepinView>, ProblemHttpResult>> RepinRingAsync(
        [Name] string ring, HttpContext context, AssignmentStore store, RevocationStore revocations, CancellationToken ct)
    {
        if (await store.GetRingAsync(ring, ct) is not { Value: var found })
        {
            return AdminApi.NotFound("Unknown ring", $"There is no ring '{ring}'. GET /admin/rings lists them.");
        }

        var tenants = (await store.ListTenantsAsync(ct))
            .Where(t => string.Equals(t.Value.Ring, found.Ring, StringComparison.OrdinalIgnoreCase))
            .Select(t => t.Value.Tenant)
            .Order(StringComparer.Ordinal)
            .ToList();
        return TypedResults.Accepted((string?)null, await RepinAsync(tenants, context, revocations, ct));
    }

    private static async Task<RepinView> RepinAsync(IReadOnlyList<string> tenants, HttpContext context, RevocationStore revocations, CancellationToken ct)
    {
        var admin = AdminApi.Admin(context);
        var logger = AdminApi.Logger(context);
        var issuedBefore = DateTimeOffset.MinValue;
        foreach (var tenant in tenants)
        {
            var entry = await revocations.RepinTenantAsync(tenant, ct);
            issuedBefore = entry.IssuedBefore!.Value;
            AdminLog.SessionsRepinned(logger, admin, tenant, issuedBefore, entry.Sequence);
        }

        // A ring without tenants re-pins nothing; its answer still says when it was asked.
        return new RepinView(tenants, tenants.Count == 0 ? context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() : issuedBefore);
    }
}
