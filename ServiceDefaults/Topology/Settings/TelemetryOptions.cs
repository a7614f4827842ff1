namespace Platform.Settings;

/// <summary>Section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions : ISettings
{
    public static string Section => "Telemetry";

    /// <summary>
    /// The default share of traces kept outside Development: recording a span for every request was, after unsealing
    /// the cookie, the gateway's largest own cost (README, Performance). One in a hundred still gives traces of every
    /// busy route, and the per-version metrics count every request whatever the sampling.
    /// </summary>
    public const double ProductionTraceSampleRatio = 0.01;

    /// <summary>
    /// The share of traces kept (parent-based, so a trace is kept or dropped whole). Unset: every request in
    /// Development, <see cref="ProductionTraceSampleRatio"/> elsewhere.
    /// </summary>
    public double? TraceSampleRatio { get; set; }

    /// <summary>The ratio in force in an environment.</summary>
    public double SampleRatio(bool isDevelopment) => TraceSampleRatio ?? (isDevelopment ? 1.0 : ProductionTraceSampleRatio);

    /// <summary>
    /// Whether the instruments every request updates beyond the request-duration histograms are exported: requests in
    /// flight, in and out (<c>http.server.active_requests</c>, <c>http.client.active_requests</c>), routing's match
    /// attempts (<c>aspnetcore.routing.match_attempts</c>) and the client's connections by state
    /// (<c>http.client.open_connections</c>, which a pooled connection's every request moves from idle to active and
    /// back), and the bytes of Kestrel's buffer pool pooled and rented (<c>aspnetcore.memory_pool.pooled</c>,
    /// <c>.rented</c>: updated for every buffer rented and returned). The duration histograms, kept always, count the
    /// same requests by route, method and status, and the pool's allocated and evicted bytes, kept always, give its
    /// size; each instrument dropped saves every request one to a dozen updates of OpenTelemetry's aggregates (README,
    /// Performance). Unset: exported in Development, dropped elsewhere.
    /// </summary>
    public bool? DetailedHttpMetrics { get; set; }

    /// <summary>Whether <see cref="DetailedHttpMetrics"/> are exported in an environment.</summary>
    public bool ExportsDetailedHttpMetrics(bool isDevelopment) => DetailedHttpMetrics ?? isDevelopment;

    public IEnumerable<string> Problems()
    {
        if (TraceSampleRatio is { } ratio && (ratio is < 0 or > 1 || double.IsNaN(ratio)))
        {
            yield return $"TraceSampleRatio must be from 0 to 1, not {ratio}.";
        }
    }
}
