namespace Platform.Telemetry;

/// <summary>Which requests an app gives a server span (<c>AddServiceDefaults</c>).</summary>
public enum RequestSpans
{
    /// <summary>
    /// ASP.NET Core's span for every request, recorded or not: OpenTelemetry's sampler keeps an unsampled request's
    /// span to carry its trace context on.
    /// </summary>
    EveryRequest,

    /// <summary>
    /// A span only for the requests the sampler keeps, and none at all for the rest (<see cref="SampledRequestSpans"/>):
    /// for the gateway, whose every unsampled request paid for a span nobody records.
    /// </summary>
    SampledOnly,
}
