using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

// Bare YARP: what forwarding alone costs, as the gateway's yardstick. One route, one round-robin cluster of the
// backends given as --Backends:0=http://... --Backends:1=...; no cookie, no telemetry, no health checks. It strips the
// route's prefix as the gateway's service routes do (RouteTable): YARP's route-values path transform, which binds the
// `{**rest}` value into a template, cost it 2.7% more CPU per request side by side, which the gateway does not pay.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var backends = builder.Configuration.GetSection("Backends").Get<string[]>() ?? [];
if (backends.Length == 0)
{
    throw new InvalidOperationException("Give the backends: --Backends:0=http://127.0.0.1:18191 --Backends:1=...");
}

builder.Services.AddReverseProxy().LoadFromMemory(
    [
        new RouteConfig { RouteId = "contacts", ClusterId = "contacts-v2", Match = new RouteMatch { Path = "/api/contacts/{**rest}" } }
            .WithTransformPathRemovePrefix("/api/contacts"),
    ],
    [
        new ClusterConfig
        {
            ClusterId = "contacts-v2",
            LoadBalancingPolicy = "RoundRobin",
            Destinations = backends.Select((address, i) => (address, i)).ToDictionary(b => $"contacts-v2-{b.i + 1}", b => new DestinationConfig { Address = b.address }),
        },
    ]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
