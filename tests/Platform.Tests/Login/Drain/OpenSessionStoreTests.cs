using Platform.Login.Drain;
using Platform.Login.Store;
using Platform.Tests.Login.Store;
using StackExchange.Redis;

namespace Platform.Tests.Login.Drain;

/// <summary>Open sessions on Redis (sorted sets per version): a redis-server of its own per test.</summary>
public sealed class RedisOpenSessionStoreTests : OpenSessionStoreContract
{
    private RedisServerProcess server = null!;

    protected override async Task StartBackendAsync() => server = await RedisServerProcess.StartAsync();

    protected override async Task StopBackendAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private protected override async Task<IOpenSessionStore> OpenStoreAsync() =>
        new RedisOpenSessionStore(Track(await ConnectionMultiplexer.ConnectAsync(server.ConnectionString)));
}

/// <summary>Open sessions in the embedded store's SQLite file (tables of their own), on a fresh temporary file.</summary>
public sealed class SqliteOpenSessionStoreTests : OpenSessionStoreContract
{
    private readonly string folder = Directory.CreateTempSubdirectory("platform-drain-").FullName;

    private protected override Task<IOpenSessionStore> OpenStoreAsync() =>
        Task.FromResult<IOpenSessionStore>(new SqliteOpenSessionStore(Track(new SqliteStateStore(Path.Combine(folder, "platform.db")))));

    protected override Task StopBackendAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Open sessions as one document through the state API (Dapr mode), here over the embedded state store: the
/// document logic is the same whichever state store the sidecar has.
/// </summary>
public sealed class StateOpenSessionStoreTests : OpenSessionStoreContract
{
    private readonly string folder = Directory.CreateTempSubdirectory("platform-drain-").FullName;

    private protected override Task<IOpenSessionStore> OpenStoreAsync() =>
        Task.FromResult<IOpenSessionStore>(new StateOpenSessionStore(Track(new SqliteStateStore(Path.Combine(folder, "platform.db")))));

    protected override Task StopBackendAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
