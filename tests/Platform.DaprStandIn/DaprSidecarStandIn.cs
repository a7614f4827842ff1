using System.Net;
using System.Net.Sockets;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Platform.DaprStandIn;

/// <summary>
/// A STAND-IN FOR THE daprd SIDECAR (not Dapr): the Dapr runtime's gRPC service for state calls on its gRPC port, and
/// service invocation on its HTTP port, answering as daprd documents, and recording every request for tests.
/// </summary>
public sealed class DaprSidecarStandIn : IAsyncDisposable
{
    private readonly WebApplication http;
    private readonly WebApplication grpc;

    private DaprSidecarStandIn(StandInOptions options, WebApplication http, WebApplication grpc, Recorder recorder, StateStores state, IAppRegistry apps)
    {
        Options = options;
        this.http = http;
        this.grpc = grpc;
        Recorder = recorder;
        State = state;
        Apps = apps;
    }

    public StandInOptions Options { get; }

    public Recorder Recorder { get; }

    public StateStores State { get; }

    public IAppRegistry Apps { get; }

    /// <summary>The HTTP port's address (what an app gets as <c>DAPR_HTTP_ENDPOINT</c>).</summary>
    public Uri HttpAddress { get; private set; } = null!;

    /// <summary>The gRPC port's address (what an app gets as <c>DAPR_GRPC_ENDPOINT</c>).</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    public static async Task<DaprSidecarStandIn> StartAsync(StandInOptions options, IAppRegistry? apps = null, CancellationToken cancellationToken = default)
    {
        apps ??= new InMemoryAppRegistry();
        var recorder = new Recorder();
        var state = new StateStores(options.StateStores);

        var grpc = CreateHost(options.GrpcPort, HttpProtocols.Http2, services =>
        {
            services.AddSingleton(state).AddSingleton(recorder);
            services.AddGrpc();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<DaprStateService>, DaprStateMethods>());
            services.AddSingleton<DaprStateService>();
        });
        grpc.Use(async (context, next) =>
        {
            recorder.AddGrpcMethod(context.Request.Path.Value ?? "");
            await next(context);
        });
        grpc.MapGrpcService<DaprStateService>();

        var invocation = new Invocation(options, apps, recorder);
        var http = CreateHost(options.HttpPort, HttpProtocols.Http1, _ => { });
        http.Use(async (context, next) =>
        {
            if (context.Request.Headers[Invocation.AppIdHeader].ToString() is { Length: > 0 } appId)
            {
                await invocation.InvokeAsync(context, appId, context.Request.Path.Value + context.Request.QueryString);
                return;
            }

            await next(context);
        });
        http.Map("/v1.0/invoke/{appId}/method/{**method}", (HttpContext context, string appId) =>
        {
            var prefix = $"/v1.0/invoke/{appId}/method";
            var path = context.Request.Path.Value is { } full && full.Length > prefix.Length ? full[prefix.Length..] : "/";
            return invocation.InvokeAsync(context, appId, path + context.Request.QueryString);
        });
        http.MapGet("/v1.0/healthz", async () =>
            options.AppPort is not { } port || await AppAnswersAsync(options.AppChannelAddress, port) ? Results.NoContent() : Results.StatusCode(500));
        http.MapGet("/v1.0/healthz/outbound", () => Results.NoContent());
        http.MapGet("/v1.0/metadata", () => Results.Json(new { id = options.AppId, runtimeVersion = "stand-in (not Dapr)" }));
        http.MapGet("/standin/requests", () => Results.Json(new { recorder.Invocations, recorder.StateCalls, recorder.GrpcMethods }));
        http.MapFallback((HttpContext context) => Results.Json(
            new { errorCode = "ERR_NOT_IMPLEMENTED_BY_STAND_IN", message = $"{context.Request.Method} {context.Request.Path} is not answered by the daprd stand-in" },
            statusCode: StatusCodes.Status404NotFound));

        await grpc.StartAsync(cancellationToken);
        await http.StartAsync(cancellationToken);
        var standIn = new DaprSidecarStandIn(options, http, grpc, recorder, state, apps)
        {
            HttpAddress = Address(http),
            GrpcAddress = Address(grpc),
        };
        if (options.AppPort is { } appPort)
        {
            apps.Register(options.AppId, new Uri($"http://{options.AppChannelAddress}:{appPort}"));
        }

        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await http.DisposeAsync();
        await grpc.DisposeAsync();
    }

    private static WebApplication CreateHost(int port, HttpProtocols protocols, Action<IServiceCollection> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = protocols));
        configure(builder.Services);
        return builder.Build();
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("[::1]", "127.0.0.1"));

    private static async Task<bool> AppAnswersAsync(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(host, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
