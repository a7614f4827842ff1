using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Login.Store;
using Platform.Settings;
using StackExchange.Redis;
using StoreOptions = Platform.Settings.StoreOptions;

namespace Platform.Login.Drain;

internal static class DrainServices
{
    /// <summary>
    /// The drain view's stores, on the backend the assignment store uses: Redis sorted sets, the embedded store's
    /// SQLite file, or, in Dapr mode, a document through the state API (which can neither count nor enumerate).
    /// Call after <see cref="StoreExtensions.AddAssignmentStore"/>.
    /// </summary>
    public static IHostApplicationBuilder AddDrain(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<DrainOptions>();
        var store = builder.AddSettings<StoreOptions>();
        var dapr = builder.AddSettings<DaprOptions>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (dapr.Mode == DaprMode.On)
        {
            builder.Services.AddSingleton<IOpenSessionStore, StateOpenSessionStore>();
        }
        else if (store.Kind == StoreKind.Redis)
        {
            builder.Services.AddSingleton<IOpenSessionStore>(services => new RedisOpenSessionStore(services.GetRequiredService<IConnectionMultiplexer>()));
        }
        else
        {
            builder.Services.AddSingleton<IOpenSessionStore>(services => new SqliteOpenSessionStore(
                services.GetRequiredService<IStateStore>() as SqliteStateStore
                ?? throw new InvalidOperationException("The embedded store's open sessions need the SQLite state store.")));
        }

        builder.Services.AddSingleton<OpenSessionRecorder>();
        builder.Services.AddSingleton<VersionTrafficStore>();
        return builder;
    }
}
