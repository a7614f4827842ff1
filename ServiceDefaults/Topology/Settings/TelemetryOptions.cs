namespace Platform.Settings;

/// <summary>Section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions : ISettings
{
    public static string Section => "Telemetry";

    /// <summary>
    /// The share of traces kept (parent-based, so a trace is kept or dropped whole). Every request is traced by
    /// default, which suits development; a busy deployment lowers it.
    /// </summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    public IEnumerable<string> Problems()
    {
        if (TraceSampleRatio is < 0 or > 1 || double.IsNaN(TraceSampleRatio))
        {
            yield return $"TraceSampleRatio must be from 0 to 1, not {TraceSampleRatio}.";
        }
    }
}
