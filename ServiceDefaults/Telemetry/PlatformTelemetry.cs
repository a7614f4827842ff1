using System.Diagnostics;

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

    public static readonly ActivitySource Source = new(SourceName);
}
