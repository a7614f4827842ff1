using Dapr.Client;
using Platform.DaprStandIn;
using Platform.Login.Store;

namespace Platform.Tests.Login.Store;

/// <summary>
/// The store contract on the Dapr state API, through the daprd stand-in (which keeps state with the rules of Dapr's
/// Redis state store). The requests themselves are asserted in <see cref="DaprStateStoreTests"/>.
/// </summary>
public sealed class DaprStateStoreContractTests : StateStoreContract
{
    private DaprSidecarStandIn sidecar = null!;

    protected override bool ETagOnMissingKeyCreates => true;

    protected override async Task StartBackendAsync() =>
        sidecar = await DaprSidecarStandIn.StartAsync(new StandInOptions { AppId = "login" });

    protected override Task<IStateStore> OpenStoreAsync()
    {
        var client = Track(new DaprClientBuilder()
            .UseGrpcEndpoint(sidecar.GrpcAddress.ToString())
            .UseHttpEndpoint(sidecar.HttpAddress.ToString())
            .Build());
        return Task.FromResult<IStateStore>(new DaprStateStore(client));
    }

    protected override async Task StopBackendAsync() => await sidecar.DisposeAsync();
}
