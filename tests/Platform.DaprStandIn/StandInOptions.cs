using System.Net;

namespace Platform.DaprStandIn;

/// <summary>The subset of daprd's flags and environment the stand-in honours.</summary>
public sealed record StandInOptions
{
    /// <summary><c>--app-id</c>: this sidecar's own app (sent as <c>dapr-caller-app-id</c>).</summary>
    public required string AppId { get; init; }

    /// <summary><c>--app-port</c>: the app beside this sidecar; registered under <see cref="AppId"/> for others to reach.</summary>
    public int? AppPort { get; init; }

    /// <summary><c>--app-channel-address</c>.</summary>
    public string AppChannelAddress { get; init; } = "127.0.0.1";

    /// <summary><c>--dapr-http-port</c>; 0 picks a free port.</summary>
    public int HttpPort { get; init; }

    /// <summary><c>--dapr-grpc-port</c>; 0 picks a free port.</summary>
    public int GrpcPort { get; init; }

    /// <summary>
    /// <c>--dapr-listen-addresses</c>. daprd's default is every interface; the stand-in's is loopback, so a test
    /// never opens a port to the network by accident.
    /// </summary>
    public IReadOnlyList<IPAddress> ListenAddresses { get; init; } = [IPAddress.Loopback];

    /// <summary>
    /// <c>DAPR_API_TOKEN</c>: when set, every API call but <c>GET /v1.0/healthz</c> and <c>GET /v1.0/healthz/outbound</c>
    /// must carry it in header (HTTP) or metadata (gRPC) <c>dapr-api-token</c>, as daprd requires.
    /// </summary>
    public string? ApiToken { get; init; }

    /// <summary>
    /// <c>APP_API_TOKEN</c>: when set, sent to this sidecar's app as <c>dapr-api-token</c> on every invocation, as
    /// daprd does (registered with the app, since a calling stand-in delivers to the app itself).
    /// </summary>
    public string? AppToken { get; init; }

    /// <summary>The state stores the components declare (the stand-in does not read component files).</summary>
    public IReadOnlyList<string> StateStores { get; init; } = ["assignments"];
}
