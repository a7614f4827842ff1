using Microsoft.Extensions.Options;
using Platform.Login.Admin;
using Platform.Login.Assignments;
using Platform.Matrix;
using Platform.Settings;

namespace Platform.Login.Drain;

/// <summary>
/// <c>GET /admin/versions</c>, the drain view: per deployed version, who still uses it (open sessions pinned to it,
/// tenants whose sign-ins resolve to it, the last request that reached it) and whether it can be retired. Admins
/// only, like the rest of the admin API. Every figure comes from the shared store, so every login instance answers
/// the same, however many login and gateway instances run.
/// </summary>
internal static class DrainApi
{
    public static WebApplication MapDrainApi(this WebApplication app)
    {
        app.MapGroup("/admin").RequireAuthorization(AdminApi.PolicyName).WithTags("Admin")
            .MapGet("/versions", ListVersionsAsync);
        return app;
    }

    private static async Task<IReadOnlyList<VersionDrainView>> ListVersionsAsync(
        AssignmentStore store, IOpenSessionStore openSessions, VersionTrafficStore traffic, VersionMatrix matrix,
        TimeProvider clock, IOptions<DrainOptions> drain, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tenants = store.ListTenantsAsync(ct);
        var rings = store.ListRingsAsync(ct);
        var counts = openSessions.CountOpenAsync(matrix.AllVersions.Select(v => v.AppId).ToList(), now, ct);
        var reports = traffic.ReadAsync(ct);
        await Task.WhenAll(tenants, rings, counts, reports);
        return DrainView.Compose(
            matrix,
            (await tenants).Select(t => t.Value),
            (await rings).ToDictionary(r => r.Value.Ring, r => r.Value, StringComparer.OrdinalIgnoreCase),
            await counts, await reports, now, drain.Value.ReportStaleAfter);
    }
}
