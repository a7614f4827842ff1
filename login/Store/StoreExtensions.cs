using Microsoft.AspNetCore.Identity;
using Platform.Login.Assignments;
using Platform.Login.Seeding;
using Platform.Redis;
using Platform.Settings;
using StoreOptions = Platform.Settings.StoreOptions;

namespace Platform.Login.Store;

internal static class StoreExtensions
{
    /// <summary>
    /// The assignment store on the backend the AppHost chose: <c>Store:Kind</c> <c>Redis</c> or <c>Embedded</c> (a
    /// SQLite file at <c>Store:SqlitePath</c>), reached directly, or through the local sidecar's state API when
    /// <c>Dapr:Mode</c> is <c>On</c> (the sidecar's <c>assignments</c> component then holds the same data).
    /// </summary>
    public static IHostApplicationBuilder AddAssignmentStore(this IHostApplicationBuilder builder)
    {
        var store = builder.AddSettings<StoreOptions>();
        var dapr = builder.AddSettings<DaprOptions>();
        var resilience = builder.AddSettings<ResilienceOptions>();
        if (dapr.Mode == DaprMode.On)
        {
            // The sidecar's gRPC port comes from DAPR_GRPC_PORT / DAPR_GRPC_ENDPOINT (the AppHost sets them). The
            // deadline bounds a call to a sidecar that is down or hung, as StoreTimeouts does for Redis.
            builder.Services.AddDaprClient(client => client.UseTimeout(resilience.StoreTimeout));
            builder.Services.AddSingleton<IStateStore, DaprStateStore>();
        }
        else if (store.Kind == StoreKind.Redis)
        {
            if (!builder.TryAddPlatformRedis())
            {
                throw new SettingsException("Store:Kind is 'Redis' but ConnectionStrings:redis is not set. Set it (host:port) or choose another store.");
            }

            builder.AddRedisStoreTimeouts(resilience);
            builder.Services.AddSingleton<IStateStore, RedisStateStore>();
        }
        else if (store.Kind == StoreKind.Embedded)
        {
            var sqlitePath = store.SqlitePath is { Length: > 0 } configuredPath
                ? configuredPath
                : throw new SettingsException("Store:Kind is 'Embedded' but Store:SqlitePath is not set. Set it to the database file, e.g. .data/platform.db.");
            builder.Services.AddSingleton<IStateStore>(_ => new SqliteStateStore(sqlitePath, resilience.StoreTimeout));
        }
        else
        {
            throw new SettingsException($"Store:Kind is '{store.Kind}'. Login needs the store the AppHost chose: 'Redis' or 'Embedded'.");
        }

        builder.Services.AddExceptionHandler<StoreUnavailableHandler>();
        builder.Services.AddSingleton<AssignmentStore>();
        builder.Services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        if (!builder.Environment.IsDevelopment())
        {
            builder.Services.AddHostedService<DemoPasswordGuard>();
        }
        else if (store.SeedDemoData)
        {
            builder.Services.AddHostedService<DevelopmentSeed>();
        }

        return builder;
    }
}
