namespace Platform.Drain;

/// <summary>
/// What one gateway tells login every <c>Drain:ReportInterval</c>: per app-id, when a request last reached that
/// version through this gateway, and how many of its instances this gateway has in rotation.
/// </summary>
/// <param name="Gateway">This gateway process's id (random per start), so several gateways' counts are kept apart.</param>
public sealed record VersionTrafficReport(string Gateway, IReadOnlyDictionary<string, VersionTraffic> Versions)
{
    /// <summary>Login's internal endpoint the gateways report to (not routed by the gateway).</summary>
    public const string ReportPath = "/internal/versions/traffic";
}

/// <param name="LastRequest">When a request last reached the version through this gateway; null if none since it started.</param>
/// <param name="HealthyInstances">Instances in rotation; null when the gateway does not balance them itself (Dapr mode).</param>
/// <param name="TotalInstances">Instances the gateway knows of; null when it does not balance them itself.</param>
public sealed record VersionTraffic(DateTimeOffset? LastRequest, int? HealthyInstances, int? TotalInstances);
