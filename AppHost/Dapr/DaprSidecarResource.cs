using System.Security.Cryptography;
using Platform.AppHost.Store;
using Platform.Sidecars;

namespace Platform.AppHost.Dapr;

/// <summary>
/// A daprd sidecar, run as an executable beside one app instance. Its HTTP, gRPC, internal gRPC and metrics ports are
/// endpoints allocated by Aspire, so any number of sidecars run side by side on one machine.
/// </summary>
internal sealed class DaprSidecarResource(string name, string daprdPath, string workingDirectory, string appId, ProjectResource app)
    : ExecutableResource(name, daprdPath, workingDirectory)
{
    public const string HttpEndpointName = "http";
    public const string GrpcEndpointName = "grpc";
    public const string InternalGrpcEndpointName = "internal-grpc";
    public const string MetricsEndpointName = "metrics";

    /// <summary>The Dapr app-id: <c>{service}-{version}</c> for a service instance, the project's name otherwise.</summary>
    public string AppId { get; } = appId;

    /// <summary>The app instance this sidecar sits beside.</summary>
    public ProjectResource App { get; } = app;

    /// <summary>
    /// <c>DAPR_API_TOKEN</c> of this sidecar: its API answers only callers that send it (its app). New at every
    /// AppHost start, its own per sidecar, handed over only through the two processes' environments; never logged.
    /// </summary>
    internal string ApiToken { get; } = NewToken();

    /// <summary><c>APP_API_TOKEN</c>: what this sidecar sends its app, so the app can refuse everyone else.</summary>
    internal string AppToken { get; } = NewToken();

    public EndpointReference HttpEndpoint => field ??= new EndpointReference(this, HttpEndpointName);

    public EndpointReference GrpcEndpoint => field ??= new EndpointReference(this, GrpcEndpointName);

    public EndpointReference InternalGrpcEndpoint => field ??= new EndpointReference(this, InternalGrpcEndpointName);

    public EndpointReference MetricsEndpoint => field ??= new EndpointReference(this, MetricsEndpointName);

    /// <summary>256 random bits from the OS's cryptographic generator, as hex (safe in a header as it is).</summary>
    private static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
}

/// <summary>Where the sidecars find daprd, the repo's components (shared, then the store's) and configuration, and the store.</summary>
internal sealed record DaprSidecarSettings(string DaprdPath, IReadOnlyList<string> ResourcesPaths, string ConfigPath, PlatformStore Store);

internal static class DaprSidecarExtensions
{
    /// <summary>The environment variable through which login's sidecar gets Redis' address (see dapr/stores/redis).</summary>
    public const string RedisHostVariable = "PLATFORM_REDIS_HOST";

    /// <summary>The environment variable through which login's sidecar gets Redis' password (see dapr/stores/redis).</summary>
    public const string RedisPasswordVariable = "PLATFORM_REDIS_PASSWORD";

    /// <summary>The environment variable through which login's sidecar gets the SQLite file (see dapr/stores/sqlite).</summary>
    public const string SqlitePathVariable = "PLATFORM_SQLITE_PATH";

    /// <summary>Where every sidecar's API listens (<c>--dapr-listen-addresses</c>).</summary>
    public const string LoopbackAddress = "127.0.0.1";

    /// <summary>
    /// Adds a daprd sidecar <c>{app}-dapr</c> beside <paramref name="app"/>, with <c>--app-id</c>
    /// <paramref name="appId"/> and <c>--app-port</c> the app's own port, and hands the app the sidecar's ports as
    /// <c>DAPR_HTTP_PORT</c> / <c>DAPR_GRPC_PORT</c>. The sidecar is healthy once its outbound side is ready
    /// (<c>/v1.0/healthz/outbound</c>: components loaded), which does not wait for the app, so an app may wait for it.
    /// </summary>
    public static IResourceBuilder<DaprSidecarResource> AddDaprSidecar(this IResourceBuilder<ProjectResource> app, string appId, DaprSidecarSettings settings, bool usesStateStore)
    {
        var builder = app.ApplicationBuilder;
        var sidecar = new DaprSidecarResource($"{app.Resource.Name}-dapr", settings.DaprdPath, builder.AppHostDirectory, appId, app.Resource);
        var appEndpoint = app.GetEndpoint("http");
        var resource = builder.AddResource(sidecar)
            .WithHttpEndpoint(name: DaprSidecarResource.HttpEndpointName)
            .WithEndpoint(name: DaprSidecarResource.GrpcEndpointName, scheme: "http")
            .WithEndpoint(name: DaprSidecarResource.InternalGrpcEndpointName, scheme: "tcp")
            .WithEndpoint(name: DaprSidecarResource.MetricsEndpointName, scheme: "http")
            .WithArgs(context =>
            {
                // daprd listens on its own target ports (Aspire allocates them up front for an executable). The app's
                // target port is only chosen when the project starts (DCP's portForServing, usable by that project
                // alone), so the sidecar reaches the app through the app endpoint's allocated port (DCP's proxy).
                context.Args.Add("--app-id");
                context.Args.Add(appId);
                context.Args.Add("--app-port");
                context.Args.Add(appEndpoint.Property(EndpointProperty.Port));
                context.Args.Add("--app-protocol");
                context.Args.Add("http");
                context.Args.Add("--dapr-http-port");
                context.Args.Add(sidecar.HttpEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--dapr-grpc-port");
                context.Args.Add(sidecar.GrpcEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--dapr-internal-grpc-port");
                context.Args.Add(sidecar.InternalGrpcEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--metrics-port");
                context.Args.Add(sidecar.MetricsEndpoint.Property(EndpointProperty.TargetPort));
                // The API answers on loopback only: nothing off this machine reaches a sidecar, tokens or not.
                context.Args.Add("--dapr-listen-addresses");
                context.Args.Add(LoopbackAddress);
                foreach (var resourcesPath in settings.ResourcesPaths)
                {
                    context.Args.Add("--resources-path");
                    context.Args.Add(resourcesPath);
                }

                context.Args.Add("--config");
                context.Args.Add(settings.ConfigPath);
                context.Args.Add("--enable-app-health-check=true");
                context.Args.Add("--app-health-check-path");
                context.Args.Add("/health");
                context.Args.Add("--log-level");
                context.Args.Add("info");
            })
            // daprd exports its spans with the standard OTEL_EXPORTER_OTLP_* variables: the dashboard's endpoint and key.
            .WithOtlpExporter()
            .WithEnvironment("OTEL_EXPORTER_OTLP_INSECURE", "true")
            // daprd reads both tokens from its environment (flags would show them to every process on the machine).
            .WithEnvironment(DaprTokens.ApiTokenVariable, sidecar.ApiToken)
            .WithEnvironment(DaprTokens.AppTokenVariable, sidecar.AppToken)
            .WithHttpHealthCheck("/v1.0/healthz/outbound", statusCode: 204, endpointName: DaprSidecarResource.HttpEndpointName)
            .WithParentRelationship(app);
        if (usesStateStore && settings.Store.IsEmbedded)
        {
            resource.WithEnvironment(SqlitePathVariable, settings.Store.SqlitePath);
        }
        else if (usesStateStore && settings.Store.Redis is { } redis)
        {
            // The AppHost's Redis: its address and password separately, as Dapr's redisHost and redisPassword take them.
            resource.WithEnvironment(context =>
                {
                    context.EnvironmentVariables[RedisHostVariable] = redis.Resource is RedisServerResource server ? server.HostAndPort : redis.Resource.ConnectionStringExpression;
                    context.EnvironmentVariables[RedisPasswordVariable] = redis.Resource is RedisServerResource { Password: var password } ? password : "";
                })
                .WaitFor(redis);
        }

        app.WithEnvironment(context =>
        {
            // As for --app-port: another resource's target port is not known when this one starts, its port is.
            context.EnvironmentVariables["DAPR_HTTP_PORT"] = sidecar.HttpEndpoint.Property(EndpointProperty.Port);
            context.EnvironmentVariables["DAPR_GRPC_PORT"] = sidecar.GrpcEndpoint.Property(EndpointProperty.Port);
            // The app calls its sidecar with the API token (DaprClient reads it by itself) and checks the app token
            // on what the sidecar delivers (services: UseSidecarAppToken).
            context.EnvironmentVariables[DaprTokens.ApiTokenVariable] = sidecar.ApiToken;
            context.EnvironmentVariables[DaprTokens.AppTokenVariable] = sidecar.AppToken;
        });
        return resource;
    }
}
