using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Platform.Telemetry;

/// <summary>Tag names shared by every project, so the dashboard can be searched by tenant, service and version.</summary>
public static class PlatformTelemetry
{
    public const string SourceName = "Platform";

    /// <summary>The platform's own meter (e.g. the gateway's per-version request counters), exported with the others.</summary>
    public const string MeterName = "Platform";
    public const string TenantTag = "platform.tenant";
    public const string ServiceTag = "platform.service";
    public const string VersionTag = "platform.version";
    public const string AppIdTag = "platform.app_id";

    /// <summary>The instance a request was forwarded to (the gateway's destination: <c>contacts-v2-1</c>, or Dapr's sidecar).</summary>
    public const string InstanceTag = "platform.instance";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly DistributedContextPropagator Propagator = DistributedContextPropagator.Current;

    /// <summary>The trace context a request came with, or none (default) when it has none or one that does not parse.</summary>
    public static ActivityContext CallerTrace(IHeaderDictionary headers)
    {
        Propagator.ExtractTraceIdAndState(headers, static (carrier, name, out value, out values) =>
            {
                values = null;
                value = ((IHeaderDictionary)carrier!)[name];
            },
            out var traceParent, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent) ? parent : default;
    }
}
