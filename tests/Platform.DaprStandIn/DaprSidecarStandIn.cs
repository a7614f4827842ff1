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
/// on its HTTP port daprd's routing (its own API first, then <c>dapr-app-id</c>), a few API routes and service
/// invocation, with daprd's <c>DAPR_API_TOKEN</c> / <c>APP_API_TOKEN</c> checks, recording every request for tests.
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

        var grpc = CreateHost(options.ListenAddresses, options.GrpcPort, HttpProtocols.Http2, services =>
        {
            services.AddSingleton(options).AddSingleton(state).AddSingleton(recorder);
            services.AddGrpc(grpcOptions => grpcOptions.Interceptors.Add<ApiTokenInterceptor>());
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
        var http = CreateHost(options.ListenAddresses, options.HttpPort, HttpProtocols.Http1, _ => { });
        http.UseDaprdRouting(options, invocation, recorder);
        http.Map("/v1.0/invoke/{appId}/method/{**method}", (HttpContext context, string appId) =>
        {
            // As daprd: the method is the rest of the path, cleaned; the app gets it as its path, with the query.
            var prefix = $"/v1.0/invoke/{appId}/method";
            var method = context.Request.Path.Value is { } full && full.Length > prefix.Length ? full[prefix.Length..] : "/";
            return invocation.InvokeAsync(context, Uri.UnescapeDataString(appId), method + context.Request.QueryString);
        });
        http.MapDaprdApi(options, state, () => options.AppPort is { } port ? AppAnswersAsync(options.AppChannelAddress, port) : Task.FromResult(true));
        http.MapGet(StandInPaths.Requests, () => Results.Json(new { recorder.Invocations, recorder.StateCalls, recorder.GrpcMethods, recorder.ApiCalls, recorder.Refusals }));
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
            apps.Register(options.AppId, new Uri($"http://{options.AppChannelAddress}:{appPort}"), options.AppToken);
        }

        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await http.DisposeAsync();
        await grpc.DisposeAsync();
    }

    private static WebApplication CreateHost(IReadOnlyList<IPAddress> addresses, int port, HttpProtocols protocols, Action<IServiceCollection> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in addresses)
            {
                kestrel.Listen(address, port, listen => listen.Protocols = protocols);
            }
        });
        configure(builder.Services);
        return builder.Build();
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::1]", "127.0.0.1"));

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
