namespace Platform.Settings;

/// <summary>
/// Section <c>Drain</c> (gateway and login): how the gateways tell login which versions still get traffic, for the
/// drain view (<c>GET /admin/versions</c>).
/// </summary>
public sealed class DrainOptions : ISettings
{
    public static string Section => "Drain";

    /// <summary>
    /// How often each gateway reports, from memory, when a request last reached each version and how many of its
    /// instances are in rotation. The hot path writes nothing; this is the most the drain view lags behind.
    /// </summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A gateway's instance counts older than this are not shown (that gateway stopped or cannot report).</summary>
    public TimeSpan ReportStaleAfter => ReportInterval * 5;

    public IEnumerable<string> Problems()
    {
        if (ReportInterval < TimeSpan.FromMilliseconds(100) || ReportInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"ReportInterval must be from 00:00:00.1 to 00:01:00, e.g. 00:00:02, not {ReportInterval}.";
        }
    }
}
