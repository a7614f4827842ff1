using Microsoft.Extensions.Options;
using Platform.Drain;
using Platform.Gateway.LoginApi;
using Platform.Gateway.Transport;
using Platform.Matrix;
using Platform.Settings;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Drain;

/// <summary>
/// Every <see cref="DrainOptions.ReportInterval"/>, sends login what this gateway knows for the drain view: when a
/// request last reached each version (<see cref="VersionLastSeen"/>) and, in direct mode, how many of each version's
/// instances it has in rotation. Login max-merges the times into the store, so several gateways combine.
/// </summary>
/// <remarks>
/// Instance counts are the gateway's own view (YARP's destination health: active /health probes and passive
/// failures), not probes of their own: it is what decides where users' requests go, it costs no extra request, and
/// it travels with the report the gateway sends anyway. In Dapr mode the sidecars balance and the gateway sees one
/// destination per version, so it reports no counts there. A report that fails is not retried: the next one
/// carries the same, later, times.
/// </remarks>
internal sealed class TrafficReporter(
    LoginInternalClient login, VersionLastSeen lastSeen, IProxyStateLookup proxyState, IVersionTransport transport,
    VersionMatrix matrix, IOptions<DrainOptions> options, ILogger<DrainLog> logger) : BackgroundService
{
    /// <summary>This process among the gateways: counts are kept per gateway, and a restarted one is a new one.</summary>
    private readonly string gatewayId = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        using var timer = new PeriodicTimer(options.Value.ReportInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(options.Value.ReportInterval * 3);
                await login.ReportTrafficAsync(CreateReport(), timeout.Token);
                if (failing)
                {
                    DrainLog.ReportRestored(logger);
                    failing = false;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    DrainLog.ReportFailed(logger, e.GetType().Name, e);
                    failing = true;
                }
            }
        }
    }

    public VersionTrafficReport CreateReport()
    {
        var seen = lastSeen.Snapshot();
        var balancesInstances = transport is DirectTransport;
        return new VersionTrafficReport(gatewayId, matrix.AllVersions.ToDictionary(v => v.AppId, v =>
        {
            var (healthy, total) = balancesInstances && proxyState.TryGetCluster(v.AppId, out var cluster) ? Count(cluster) : ((int?)null, (int?)null);
            return new VersionTraffic(seen.GetValueOrDefault(v.AppId), healthy, total);
        }, StringComparer.Ordinal));
    }

    // In rotation as VersionInstancesHealthCheck counts it: neither active nor passive health says unhealthy.
    private static (int?, int?) Count(ClusterState cluster)
    {
        var all = cluster.Destinations.Values.ToList();
        return (all.Count(d => d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy), all.Count);
    }
}
