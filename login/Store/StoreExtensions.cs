using Microsoft.AspNetCore.Identity;
using Platform.Login.Assignments;
using Platform.Login.Seeding;

namespace Platform.Login.Store;

internal static class StoreExtensions
{
    /// <summary>
    /// The assignment store, on the backend named by <c>Store:Kind</c> (the AppHost sets it): <c>redis</c>, or
    /// <c>sqlite</c> (the embedded store, a file at <c>Store:SqlitePath</c>) or <c>dapr</c> (the Dapr state API
    /// through the local sidecar).
    /// Without the setting, Redis is used when a <c>redis</c> connection string is configured.
    /// </summary>
    public static IHostApplicationBuilder AddAssignmentStore(this IHostApplicationBuilder builder)
    {
        var kind = builder.Configuration["Store:Kind"]
            ?? (builder.Configuration.GetConnectionString(PlatformRedis.ConnectionName) is { Length: > 0 } ? "redis" : null);
        switch (kind?.ToLowerInvariant())
        {
            case "redis":
                if (!builder.TryAddPlatformRedis())
                {
                    throw new InvalidOperationException("Store:Kind is 'redis' but ConnectionStrings:redis is not set. Set it (host:port) or choose another store.");
                }

                builder.Services.AddSingleton<IStateStore, RedisStateStore>();
                break;
            case "sqlite":
                var sqlitePath = builder.Configuration["Store:SqlitePath"] is { Length: > 0 } configuredPath
                    ? configuredPath
                    : throw new InvalidOperationException("Store:Kind is 'sqlite' but Store:SqlitePath is not set. Set it to the database file, e.g. .data/platform.db.");
                builder.Services.AddSingleton<IStateStore>(_ => new SqliteStateStore(sqlitePath));
                break;
            case "dapr":
                // The sidecar's gRPC port comes from DAPR_GRPC_PORT / DAPR_GRPC_ENDPOINT (the AppHost sets them).
                builder.Services.AddDaprClient();
                builder.Services.AddSingleton<IStateStore, DaprStateStore>();
                break;
            default:
                throw new InvalidOperationException($"Store:Kind '{kind}' is not a store this service knows. Use 'redis', 'sqlite' or 'dapr'.");
        }

        builder.Services.AddSingleton<AssignmentStore>();
        builder.Services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddHostedService<DevelopmentSeed>();
        }

        return builder;
    }
}
