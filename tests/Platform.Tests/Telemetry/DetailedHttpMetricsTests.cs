using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Platform.Tests.Telemetry;

/// <summary>
/// What a process exports of ASP.NET Core's per-request instruments (Telemetry:DetailedHttpMetrics): the request
/// duration and the buffer pool's allocations always; requests in flight, routing's match attempts and the bytes of
/// buffers pooled and rented in Development, or where set. On Kestrel, whose buffer pool the test server does not use.
/// </summary>
public sealed class DetailedHttpMetricsTests
{
    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Development", null, true)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", "false", false)]
    public async Task Per_request_gauges_and_counts_are_exported_where_asked_the_duration_and_allocations_always(string environment, string? setting, bool detailed)
    {
        var exported = new List<Metric>();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Configuration["Telemetry:DetailedHttpMetrics"] = setting;
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));
        await using var app = builder.Build();
        app.MapGet("/info", () => Results.Ok());
        await app.StartAsync();

        using (var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/info")).StatusCode);
        }

        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());

        var names = exported.Select(metric => metric.Name).ToHashSet();
        Assert.Contains("http.server.request.duration", names);
        Assert.Contains("aspnetcore.memory_pool.allocated", names);
        Assert.Equal(detailed, names.Contains("http.server.active_requests"));
        Assert.Equal(detailed, names.Contains("aspnetcore.routing.match_attempts"));
        Assert.Equal(detailed, names.Contains("aspnetcore.memory_pool.pooled"));
        Assert.Equal(detailed, names.Contains("aspnetcore.memory_pool.rented"));
    }
}
