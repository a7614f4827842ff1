using Platform.AppHost;
using Platform.AppHost.Dapr;
using Platform.AppHost.Deploy;
using Platform.AppHost.Services;
using Platform.AppHost.Store;
using Platform.AppHost.Web;
using Platform.Matrix;
using Platform.Settings;

var builder = DistributedApplication.CreateBuilder(args);

try
{
    var matrix = VersionMatrix.FromConfiguration(builder.Configuration);
    var store = builder.AddPlatformStore();
    var dapr = builder.AddDaprMode(store);

    var login = builder.AddPlatformProject<Projects.Login>(PlatformResources.Login)
        .WithVersionMatrix(matrix)
        .WithAssignmentStore(store)
        .WithDaprSidecar(dapr, PlatformResources.Login, usesStateStore: true);

    var contacts = builder.AddServiceVersions<Projects.Contacts>(matrix, "contacts").WithKeyRing(store).WithDaprSidecars(dapr);
    var insights = builder.AddServiceVersions<Projects.Insights>(matrix, "insights").WithKeyRing(store).WithDaprSidecars(dapr);
    dapr.WithServiceCalls(matrix, contacts, insights);

    builder.AddPlatformProject<Projects.Gateway>(PlatformResources.Gateway)
        .WithVersionMatrix(matrix)
        .WithKeyRing(store)
        // Not WaitFor(login): the gateway starts beside it (it needs only the key ring's store, which WithKeyRing
        // waits for), so a first start is one service start shorter; until login answers, /auth gets 503.
        .WithReference(login)
        .WithServiceVersions(matrix, contacts, insights)
        .WithGatewayPort()
        .WithWebFrontend()
        .WithDaprSidecar(dapr, PlatformResources.Gateway);

    builder.AddAwsPublishing(matrix);
}
catch (Exception e) when (e is DistributedApplicationException or SettingsException)
{
    // A setting that cannot work: one message that says what to do, rather than a stack trace.
    Console.Error.WriteLine(e.Message);
    return 1;
}

builder.Build().Run();
return Environment.ExitCode;
