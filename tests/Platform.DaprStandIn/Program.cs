using System.Text.RegularExpressions;
using Platform.DaprStandIn;

// Run as a daprd look-alike: same flags, so the AppHost can launch it in place of daprd (Dapr:DaprdPath). Flags daprd
// knows but the stand-in ignores are accepted; unknown flags fail as daprd fails ("unknown flag", exit 2).
string[] valueFlags =
[
    "app-id", "app-port", "app-protocol", "app-channel-address", "dapr-http-port", "dapr-grpc-port", "dapr-internal-grpc-port",
    "metrics-port", "resources-path", "components-path", "config", "log-level", "app-health-check-path", "placement-host-address",
    "dapr-listen-addresses", "app-max-concurrency", "dapr-http-max-request-size", "app-health-probe-interval",
];
string[] boolFlags = ["enable-app-health-check", "enable-metrics", "enable-api-logging", "enable-profiling"];

var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    var arg = args[i];
    if (!arg.StartsWith('-'))
    {
        Console.Error.WriteLine($"unexpected argument: {arg}");
        return 2;
    }

    var name = arg.TrimStart('-');
    string? value = null;
    if (name.IndexOf('=') is var eq and >= 0)
    {
        value = name[(eq + 1)..];
        name = name[..eq];
    }

    if (boolFlags.Contains(name))
    {
        value ??= "true";
    }
    else if (valueFlags.Contains(name))
    {
        if (value is null)
        {
            if (i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"flag needs an argument: --{name}");
                return 2;
            }

            value = args[++i];
        }
    }
    else
    {
        Console.Error.WriteLine($"unknown flag: --{name}");
        return 2;
    }

    (values.TryGetValue(name, out var list) ? list : values[name] = []).Add(value);
}

string? One(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;

if (string.IsNullOrEmpty(One("app-id")))
{
    Console.Error.WriteLine("parameter app-id cannot be empty");
    return 1;
}

// State stores: the components of type state.* in the resources paths that are not scoped away from this app-id.
var stores = new List<string>();
foreach (var folder in (values.GetValueOrDefault("resources-path") ?? []).Concat(values.GetValueOrDefault("components-path") ?? []))
{
    foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.yaml") : [])
    {
        foreach (var document in File.ReadAllText(file).Split("\n---"))
        {
            if (!Regex.IsMatch(document, @"^kind:\s*Component\s*$", RegexOptions.Multiline)
                || !Regex.IsMatch(document, @"^\s+type:\s*state\.", RegexOptions.Multiline))
            {
                continue;
            }

            var scopes = Regex.Match(document, @"^scopes:\s*\n((?:\s*-\s*.+\n?)+)", RegexOptions.Multiline);
            if (scopes.Success && !Regex.Matches(scopes.Groups[1].Value, @"-\s*(\S+)").Select(m => m.Groups[1].Value.Trim('"', '\'')).Contains(One("app-id")))
            {
                continue;
            }

            stores.Add(Regex.Match(document, @"^metadata:\s*\n\s+name:\s*(\S+)", RegexOptions.Multiline).Groups[1].Value);
        }
    }
}

var options = new StandInOptions
{
    AppId = One("app-id")!,
    AppPort = One("app-port") is { } appPort ? int.Parse(appPort) : null,
    AppChannelAddress = One("app-channel-address") ?? "127.0.0.1",
    HttpPort = int.Parse(One("dapr-http-port") ?? "3500"),
    GrpcPort = int.Parse(One("dapr-grpc-port") ?? "50001"),
    StateStores = stores,
    // daprd takes a comma-separated list; without the flag the stand-in stays on loopback (see StandInOptions).
    ListenAddresses = One("dapr-listen-addresses") is { } listen
        ? listen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(System.Net.IPAddress.Parse).ToArray()
        : [System.Net.IPAddress.Loopback],
    // As daprd: the tokens come from the sidecar's environment, never from flags (which any process can read).
    ApiToken = Environment.GetEnvironmentVariable("DAPR_API_TOKEN") is { Length: > 0 } apiToken ? apiToken : null,
    AppToken = Environment.GetEnvironmentVariable("APP_API_TOKEN") is { Length: > 0 } appToken ? appToken : null,
};
var registry = new DirectoryAppRegistry(Environment.GetEnvironmentVariable("DAPR_STANDIN_REGISTRY") is { Length: > 0 } root
    ? root
    : Path.Combine(Path.GetTempPath(), "dapr-standin-registry"));

await using var standIn = await DaprSidecarStandIn.StartAsync(options, registry);
Console.WriteLine($"daprd STAND-IN (not Dapr) for app-id {options.AppId}: HTTP {standIn.HttpAddress}, gRPC {standIn.GrpcAddress}, " +
    $"state stores [{string.Join(", ", stores)}], app port {options.AppPort?.ToString() ?? "none"}, " +
    $"API token {(options.ApiToken is null ? "off" : "required")}, app token {(options.AppToken is null ? "off" : "sent")}.");
var stop = new TaskCompletionSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
await stop.Task;
return 0;
