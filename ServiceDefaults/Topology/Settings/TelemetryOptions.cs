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

    public IEnumerable<string> Problems()
    {
        if (TraceSampleRatio is { } ratio && (ratio is < 0 or > 1 || double.IsNaN(ratio)))
        {
            yield return $"TraceSampleRatio must be from 0 to 1, not {ratio}.";
        }
    }
}
