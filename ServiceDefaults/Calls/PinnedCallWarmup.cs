using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Matrix;
using Platform.Services;

namespace Platform.Calls;

/// <summary>
/// Sends one <c>GET /health</c> per instance of every version this service calls, through the pinned client's own
/// pipeline, once at start. The gateway gives an instance 500 ms to start answering a GET when another instance could
/// take it (<c>Resilience:InstanceActivityTimeout</c>); a first call that still had to build the client's handlers,
/// resolve the version's instances and open connections took longer than that, so without this the first request to a
/// service that calls another failed.
/// </summary>
internal sealed class PinnedCallWarmup(IServiceProvider services, VersionMatrix matrix, IHostApplicationLifetime lifetime, ILogger<CallLog> logger) : BackgroundService
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<ServiceInstance>() is not { } self || !matrix.TryGetService(self.Service, out var deployed))
        {
            return;
        }

        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PinnedServiceClient));
        var targets = deployed.Calls
            .SelectMany(callee => matrix.Services[callee].Versions.Values)
            .SelectMany(version => Enumerable.Repeat(version.AppId, version.Instances))
            .ToList();
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        giveUp.CancelAfter(GiveUpAfter);
        foreach (var appId in targets)
        {
            // A callee may start after this service: try again until it answers, for a while.
            while (!giveUp.IsCancellationRequested)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://{appId}/health"), giveUp.Token);
                    break;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    CallLog.WarmupPending(logger, appId, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
    }
}
