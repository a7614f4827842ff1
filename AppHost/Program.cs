using Platform.AppHost;
using Platform.AppHost.Dapr;
using Platform.AppHost.Deploy;
using Platform.AppHost.Store;
using Platform.Matrix;

var builder = DistributedApplication.CreateBuilder(args);

var matrix = VersionMatrix.FromConfiguration(builder.Configuration);
PlatformStore store;
try
{
    store = PlatformStore.Add(builder);
}
catch (PlatformStoreException e)
{
    // One line that says what to do, rather than a stack trace.
    Console.Error.WriteLine(e.Message);
    return 1;
}

var dapr = DaprSidecars.Choose(builder, store);

var login = store.WithAssignmentStore(builder.AddPlatformProject("login", "../login/Login.csproj"))
    .WithVersionMatrix(matrix);

var serviceInstances = builder.AddServiceVersions(matrix);

var gateway = store.WithKeyRing(builder.AddPlatformProject("gateway", "../gateway/Gateway.csproj"))
    .WithVersionMatrix(matrix)
    .WithReference(login.GetEndpoint("http"))
    .WaitFor(login)
    .WithGatewayPort(builder.Configuration)
    .WithWebFrontend();
foreach (var instance in serviceInstances)
{
    gateway.WithReference(instance.GetEndpoint("http"));
}

DaprSidecars.Add(builder, dapr, store, matrix, login, gateway, serviceInstances);

builder.AddAwsPublishing(matrix);
builder.Build().Run();
return Environment.ExitCode;
