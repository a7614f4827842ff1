using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Platform.Tests.Telemetry;

/// <summary>
/// What a process exports of ASP.NET Core's per-request instruments (Telemetry:DetailedHttpMetrics): the request
/// duration always; requests in flight and routing's match attempts in Development, or where set.
/// </summary>
public sealed class DetailedHttpMetricsTests
{
    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Development", null, true)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", "false", false)]
    public async Task Requests_in_flight_and_match_attempts_are_exported_where_asked_the_duration_always(string environment, string? setting, bool detailed)
    {
        var exported = new List<Metric>();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Configuration["Telemetry:DetailedHttpMetrics"] = setting;
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));
        await using var app = builder.Build();
        app.MapGet("/info", () => Results.Ok());
        await app.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await app.GetTestClient().GetAsync("/info")).StatusCode);
        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());

        var names = exported.Select(metric => metric.Name).ToHashSet();
        Assert.Contains("http.server.request.duration", names);
        Assert.Equal(detailed, names.Contains("http.server.active_requests"));
        Assert.Equal(detailed, names.Contains("aspnetcore.routing.match_attempts"));
    }
}
