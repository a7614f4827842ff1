using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.Gateway.Routing;
using Platform.Telemetry;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Telemetry;

/// <summary>
/// Requests forwarded per service version, and how long they took: what operators watch while tenants move from one
/// version to the next, and, per instance, which one is slow. Metrics, unlike traces, are kept for every request
/// whatever the trace sampling.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string RequestsName = "platform.gateway.requests";
    public const string DurationName = "platform.gateway.request.duration";

    // Boxed once: tag values are objects, and a status class per request must not allocate.
    private static readonly object[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private const string NoInstance = "none";

    private readonly Counter<long> requests;
    private readonly Histogram<double> duration;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PlatformTelemetry.MeterName);
        requests = meter.CreateCounter<long>(RequestsName, "{request}", "Requests the gateway forwarded to a service version.");
        duration = meter.CreateHistogram(DurationName, "s", "Time from the routing decision to the service version's answer, per instance.",
            tags: null,
            // The buckets of http.server.request.duration, so the two read side by side.
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });
    }

    /// <summary>
    /// A destination's metadata naming the instance it stands for: service discovery renames destinations after the
    /// address it resolved (<c>contacts-v2-1[http://10.0.0.7:8080/]</c>), which would make a new series per address.
    /// </summary>
    public static Dictionary<string, string> InstanceMetadata(string instance) => new() { [PlatformTelemetry.InstanceTag] = instance };

    /// <param name="destination">Where the request went last (after a failover, the second instance), or none.</param>
    public void Forwarded(RoutingDecision decision, int statusCode, long startTimestamp, DestinationState? destination)
    {
        var instance = destination?.Model.Config.Metadata?.GetValueOrDefault(PlatformTelemetry.InstanceTag) ?? NoInstance;
        var tags = new TagList
        {
            { PlatformTelemetry.ServiceTag, decision.Service },
            { PlatformTelemetry.VersionTag, decision.Version!.Version },
            { PlatformTelemetry.InstanceTag, instance },
            { "http.response.status_class", StatusClasses[Math.Clamp(statusCode / 100, 1, 5) - 1] },
        };
        requests.Add(1, tags);
        duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }
}
