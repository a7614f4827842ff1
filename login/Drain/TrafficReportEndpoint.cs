using Microsoft.Extensions.Options;
using Platform.Callers;
using Platform.Drain;
using Platform.Matrix;
using Platform.Problems;
using Platform.Requests;
using Platform.Settings;

namespace Platform.Login.Drain;

internal static class TrafficReportEndpoint
{
    /// <summary>
    /// <c>POST /internal/versions/traffic</c>: where each gateway reports, every <see cref="DrainOptions.ReportInterval"/>,
    /// when requests last reached each version and its instances in rotation. The gateway's hot path reads and
    /// writes no store; this is how its in-memory timestamps reach the shared store. Not routed by the gateway, and
    /// answered only with the gateway's sealed token (<see cref="CallerHeaders.Gateway"/>); anyone else gets 401.
    /// </summary>
    public static WebApplication MapTrafficReport(this WebApplication app)
    {
        app.MapPost(VersionTrafficReport.ReportPath, async Task<IResult> (
            HttpContext context, VersionTrafficReport report, GatewayTokens tokens, VersionTrafficStore store, VersionMatrix matrix,
            RegionOptions region, IOptions<DrainOptions> drain, ILogger<DrainLog> logger, CancellationToken ct) =>
        {
            if (!tokens.IsTrafficReportToken(context.Request.Headers[CallerHeaders.Gateway].ToString()))
            {
                DrainLog.ReportRefused(logger);
                await context.WriteProblemAsync(StatusCodes.Status401Unauthorized, "Not the gateway",
                    $"Traffic is reported by the gateway only, with its {CallerHeaders.Gateway} token.");
                return Results.Empty;
            }

            // A secondary region's store is a read-only replica: its gateways' traffic is not recorded there.
            if (region.Writes)
            {
                // Only versions of the matrix: the document stays as large as the matrix, whatever is sent.
                var known = matrix.AllVersions.Select(v => v.AppId).ToHashSet(StringComparer.Ordinal);
                var kept = report with { Versions = report.Versions.Where(v => known.Contains(v.Key)).ToDictionary() };
                await store.MergeAsync(kept, drain.Value.ReportStaleAfter, ct);
            }

            return TypedResults.NoContent();
        }).WithBodySizeLimit(BodySizeLimit.ApiBytes).ExcludeFromDescription();
        return app;
    }
}
