namespace Platform.DaprStandIn;

/// <summary>The subset of daprd's flags the stand-in honours.</summary>
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

    /// <summary>The state stores the components declare (the stand-in does not read component files).</summary>
    public IReadOnlyList<string> StateStores { get; init; } = ["assignments"];
}
