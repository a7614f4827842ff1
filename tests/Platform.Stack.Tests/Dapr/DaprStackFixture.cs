using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Platform.AppHost.Dapr;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Dapr;

/// <summary>
/// The whole stack in Dapr mode, with the daprd STAND-IN (tests/Platform.DaprStandIn) launched by the AppHost in place
/// of daprd: one per instance, with the AppHost's real daprd arguments (the stand-in rejects flags daprd does not
/// know). The stand-ins find each other's apps through a shared folder instead of mDNS. This verifies the AppHost's
/// wiring and the apps in Dapr mode; it does not verify Dapr itself.
/// </summary>
public sealed class DaprStackFixture : StackFixture
{
    private readonly string registry = Directory.CreateTempSubdirectory("dapr-standin-registry-").FullName;

    public static string StandInPath
    {
        get
        {
            // tests/Platform.Stack.Tests/bin/{Configuration}/net10.0/ -> tests/Platform.DaprStandIn/bin/{Configuration}/net10.0/
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = output.Parent!.Name;
            var testsFolder = output.Parent.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(testsFolder, "Platform.DaprStandIn", "bin", configuration, output.Name, "Platform.DaprStandIn");
        }
    }

    protected override IEnumerable<string> AppHostArguments => ["--Dapr:Mode=on", $"--Dapr:DaprdPath={StandInPath}"];

    /// <summary>The AppHost's sidecars by resource name, with the tokens it generated for them (for positive controls).</summary>
    internal IReadOnlyDictionary<string, DaprSidecarResource> Sidecars { get; private set; } = new Dictionary<string, DaprSidecarResource>();

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        var sidecars = builder.Resources.OfType<DaprSidecarResource>().ToList();
        foreach (var sidecar in sidecars)
        {
            builder.CreateResourceBuilder(sidecar).WithEnvironment("DAPR_STANDIN_REGISTRY", registry);
        }

        Sidecars = sidecars.ToDictionary(s => s.Name);
    }

    /// <summary>What a sidecar stand-in recorded (its <c>/standin/requests</c>).</summary>
    public async Task<StandInRecord> RecordedAsync(string sidecar)
    {
        using var client = new HttpClient { BaseAddress = App.GetEndpoint(sidecar, "http") };
        return await (await client.GetAsync("/standin/requests")).ReadAsync<StandInRecord>();
    }
}

public sealed record StandInRecord(RecordedInvocationView[] Invocations, RecordedStateCallView[] StateCalls, RecordedApiCallView[] ApiCalls, RecordedRefusalView[] Refusals);

/// <summary>A request the sidecar's own API served (not an invocation).</summary>
public sealed record RecordedApiCallView(string Method, string Path, bool HadAppId, int Status);

/// <summary>A request the sidecar refused for its API token.</summary>
public sealed record RecordedRefusalView(string Method, string Path, string Reason, int Status);

public sealed record RecordedInvocationView(string AppId, string Method, string PathAndQuery, Dictionary<string, string> ReceivedHeaders, Dictionary<string, string> ForwardedHeaders, string? Target, int Status);

public sealed record RecordedStateCallView(string Operation, string Store, string Key, string? ETag, string? Concurrency, string Outcome);

[CollectionDefinition(Name)]
public sealed class DaprStackCollection : ICollectionFixture<DaprStackFixture>
{
    public const string Name = "dapr-stack";
}
