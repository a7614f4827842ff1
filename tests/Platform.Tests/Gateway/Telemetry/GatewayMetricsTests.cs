using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Platform.Gateway.Routing;
using Platform.Gateway.Telemetry;
using Platform.Telemetry;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Telemetry;

/// <summary>
/// What the gateway exports about a forwarded request: its own histogram per service, version and instance, in place
/// of HttpClient's histogram of the same forward (README, Performance); ASP.NET Core's server histogram as before.
/// </summary>
public sealed class GatewayMetricsTests
{
    [Fact]
    public async Task A_forward_is_timed_per_version_and_instance_by_the_gateway_not_by_HttpClient()
    {
        var exported = new List<Metric>();
        await using var contactsV2 = await EchoApp.StartAsync("contacts-v2");
        await using var gateway = SessionGateway.Start(contactsV2.Address, web => web.ConfigureServices(services =>
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported))));
        using var client = gateway.Client(gateway.Session("ivan@acme.test", DateTimeOffset.UtcNow.AddHours(1)));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);
        Assert.True(gateway.Services.GetRequiredService<MeterProvider>().ForceFlush());

        var forwards = Assert.Single(exported, metric => metric.Name == GatewayMetrics.DurationName);
        var instances = new List<object?>();
        foreach (ref readonly var point in forwards.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                if (tag.Key == PlatformTelemetry.InstanceTag)
                {
                    instances.Add(tag.Value);
                }
            }
        }

        Assert.Contains(instances, instance => instance is "contacts-v2-1" or "contacts-v2-2");
        Assert.Contains(exported, metric => metric.Name == "http.server.request.duration");
        Assert.DoesNotContain(exported, metric => metric.Name == VersionRoutingServices.ForwardedRequestsClientDuration);
    }
}
