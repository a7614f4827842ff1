namespace Platform.Settings;

/// <summary>Section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions : ISettings
{
    public static string Section => "Telemetry";

    /// <summary>
    /// The default share of traces kept outside Development. Measured on the gateway (README, Performance): tracing
    /// every request costs about half its throughput; one in a hundred keeps sampled traces for every busy route
    /// at a cost within the noise, while the per-version metrics still count every request.
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
