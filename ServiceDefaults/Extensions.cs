using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Platform.Problems;
using Platform.Settings;
using Platform.Telemetry;

namespace Microsoft.Extensions.Hosting;

// Aspire service defaults: telemetry, health checks, service discovery and resilience for every project.
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string AspNetCoreActivitySource = "Microsoft.AspNetCore";
    private const string HttpClientActivitySource = "System.Net.Http";

    /// <summary>
    /// <see cref="TelemetryOptions.DetailedHttpMetrics"/>: what ASP.NET Core and HttpClient update on every request
    /// besides the duration histograms. <c>http.client.open_connections</c> is among them: a pooled HTTP/1.1 connection
    /// goes from idle to active and back for every request, four updates. So are the bytes of Kestrel's buffer pool
    /// pooled and rented: every buffer rented and returned is three updates, and a proxied request took two to four
    /// buffers under the benchmark's load. Not among them: what is recorded per connection,
    /// <c>http.client.request.time_in_queue</c>, recorded only for a request that waited for one, and the bytes the
    /// pool allocated and evicted, recorded only when it grows or shrinks (their difference is its size).
    /// </summary>
    internal static readonly string[] DetailedHttpInstruments =
    [
        "http.server.active_requests", "aspnetcore.routing.match_attempts",
        "http.client.active_requests", "http.client.open_connections",
        "aspnetcore.memory_pool.pooled", "aspnetcore.memory_pool.rented",
    ];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, RequestSpans requestSpans = RequestSpans.EveryRequest)
        where TBuilder : IHostApplicationBuilder
    {
        var telemetry = builder.AddSettings<TelemetryOptions>();
        builder.ConfigureOpenTelemetry(telemetry, requestSpans);
        builder.AddDefaultHealthChecks();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    private static void ConfigureOpenTelemetry<TBuilder>(this TBuilder builder, TelemetryOptions telemetry, RequestSpans requestSpans)
        where TBuilder : IHostApplicationBuilder
    {
        var ratio = telemetry.SampleRatio(builder.Environment.IsDevelopment());
        Sampler sampler = new ProbeDroppingSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)), IsHealthProbe);
        if (requestSpans == RequestSpans.SampledOnly)
        {
            builder.Services.AddSingleton<IStartupFilter>(new SampledRequestSpans.First(ratio, IsHealthProbe));
            sampler = new SampledRequestSpans.KeepsDecided(sampler);
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var detailedHttpMetrics = telemetry.ExportsDetailedHttpMetrics(builder.Environment.IsDevelopment());
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(PlatformTelemetry.MeterName);
                if (!detailedHttpMetrics)
                {
                    // A dropped instrument is not listened to, so ASP.NET Core and HttpClient skip its measurements.
                    foreach (var instrument in DetailedHttpInstruments)
                    {
                        metrics.AddView(instrument, MetricStreamConfiguration.Drop);
                    }
                }
            })
            .WithTracing(tracing =>
            {
                tracing.SetSampler(sampler)
                    .AddSource(builder.Environment.ApplicationName)
                    .AddSource(PlatformTelemetry.SourceName)
                    // .NET's own spans for requests in and out, which carry OpenTelemetry's semantic tags since .NET 10. The
                    // instrumentation libraries' tracing also subscribes to their DiagnosticListener events, whose payloads
                    // and callbacks every request paid for, sampled or not (README, Performance). Their metrics stay.
                    .AddSource(HttpClientActivitySource);
                if (requestSpans == RequestSpans.EveryRequest)
                {
                    tracing.AddSource(AspNetCoreActivitySource);
                }
            });

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
    }

    private static void AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder =>
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

    /// <summary>Whether a request is for one of the probes, which answer without any credentials.</summary>
    internal static bool IsHealthProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath);

    // The probes are mapped in every environment: the AppHost, load balancers and the tests all probe them.
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = Platform.Health.HealthReportWriter.WriteAsync });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }
}
