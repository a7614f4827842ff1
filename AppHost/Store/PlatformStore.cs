using Microsoft.Extensions.Configuration;
using Platform.Settings;

namespace Platform.AppHost.Store;

/// <summary>
/// Where the stack keeps assignments, users and the shared Data Protection key ring. Chosen once at startup from
/// <c>Store:Kind</c>: <c>redis</c>, <c>embedded</c>, or <c>auto</c> (the default): an explicit
/// <c>ConnectionStrings:redis</c>, else <c>redis-server</c> from PATH (or <c>Store:RedisServerPath</c>) run by the
/// AppHost, else the embedded store (SQLite file and key ring folder in the data folder), so a machine with only the
/// .NET SDK runs the stack.
/// </summary>
internal sealed class PlatformStore
{
    private PlatformStore(StoreKind kind, IResourceBuilder<IResourceWithConnectionString>? redis, string dataPath, bool seedsDemoData)
    {
        Kind = kind;
        Redis = redis;
        DataPath = dataPath;
        SeedsDemoData = seedsDemoData;
        LocalSecrets.KeyRingCertificate(CertificatePath);
    }

    /// <summary><see cref="StoreKind.Redis"/> or <see cref="StoreKind.Embedded"/>: never <c>Auto</c>.</summary>
    public StoreKind Kind { get; }

    public IResourceBuilder<IResourceWithConnectionString>? Redis { get; }

    /// <summary>The git-ignored folder for local data (Redis files); <c>Store:DataPath</c> moves it, e.g. for tests.</summary>
    public string DataPath { get; }

    /// <summary>The embedded store's SQLite database (Dapr <c>state.sqlite</c> layout).</summary>
    public string SqlitePath => Path.Combine(DataPath, "platform.db");

    /// <summary>The embedded store's Data Protection key ring, a folder login writes and the gateway reads.</summary>
    public string KeysPath => Path.Combine(DataPath, "keys");

    /// <summary>
    /// The certificate that encrypts the key ring at rest (whichever store holds it), created once by the AppHost and
    /// handed to login and the gateway by path.
    /// </summary>
    public string CertificatePath => Path.Combine(DataPath, "keyring-certificate.pfx");

    public bool IsEmbedded => Kind == StoreKind.Embedded;

    /// <summary>
    /// Whether login writes the demo data (Development only): into a store the AppHost owns, or one the user brought
    /// only when they set <c>Store:SeedDemoData</c>, so demo accounts with a published password never appear in a
    /// real store by accident.
    /// </summary>
    public bool SeedsDemoData { get; }

    /// <param name="findOnPath">Finds an executable on PATH; tests pass their own to play a machine without Redis.</param>
    public static PlatformStore Choose(IDistributedApplicationBuilder builder, Func<string, string?>? findOnPath = null)
    {
        var settings = builder.Settings<StoreOptions>();
        var dataPath = LocalSecrets.OwnerOnlyDirectory(Path.GetFullPath(settings.DataPath is { Length: > 0 } configured ? configured : Path.Combine(builder.AppHostDirectory, ".data")));
        if (settings.Kind == StoreKind.Embedded)
        {
            return Embedded(dataPath, "forced by Store:Kind=embedded");
        }

        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString(PlatformResources.Redis)))
        {
            Console.WriteLine("Store: Redis at ConnectionStrings:redis (set by you)" +
                (settings.SeedDemoData ? "; demo data seeded (Store:SeedDemoData)." : "; no demo data written (set Store:SeedDemoData=true to seed it)."));
            return new PlatformStore(StoreKind.Redis, builder.AddConnectionString(PlatformResources.Redis), dataPath, seedsDemoData: settings.SeedDemoData);
        }

        if (settings.RedisServerPath is { Length: > 0 } explicitPath && !File.Exists(explicitPath))
        {
            // Named on purpose: falling back to the embedded store would hide the typo.
            throw new PlatformStoreException($"Store: Store:RedisServerPath is '{explicitPath}', but there is no file there. Fix the path or remove the setting.");
        }

        var redisServer = settings.RedisServerPath is { Length: > 0 } configuredPath ? configuredPath : (findOnPath ?? ExecutableSearch.FindOnPath)("redis-server");
        if (redisServer is null)
        {
            if (settings.Kind == StoreKind.Redis)
            {
                throw new PlatformStoreException(
                    "Store: Store:Kind=redis but redis-server was not found on PATH (or at Store:RedisServerPath). Install it: sudo apt-get install -y redis-server, set ConnectionStrings:redis, or drop Store:Kind to use the embedded store.");
            }

            return Embedded(dataPath, "no redis-server on PATH and no ConnectionStrings:redis");
        }

        Console.WriteLine($"Store: Redis run from {redisServer}, data in {Path.Combine(dataPath, "redis")}.");
        var redis = builder.AddRedisServer(PlatformResources.Redis, redisServer, Path.Combine(dataPath, "redis"), dataPath);
        return new PlatformStore(StoreKind.Redis, redis.Cast(), dataPath, seedsDemoData: true);
    }

    private static PlatformStore Embedded(string dataPath, string reason)
    {
        var store = new PlatformStore(StoreKind.Embedded, null, dataPath, seedsDemoData: true);
        LocalSecrets.OwnerOnlyDirectory(store.KeysPath);
        Console.WriteLine($"Store: embedded ({reason}): SQLite at {store.SqlitePath}, keys in {store.KeysPath}. " +
            "For Redis: sudo apt-get install -y redis-server, or set ConnectionStrings:redis.");
        return store;
    }
}

internal static class PlatformStoreExtensions
{
    /// <summary>Chooses the store (see <see cref="PlatformStore"/>) and adds its resources: Redis, when the AppHost runs it.</summary>
    public static PlatformStore AddPlatformStore(this IDistributedApplicationBuilder builder) => PlatformStore.Choose(builder);

    /// <summary>
    /// Gives a project read access to the shared Data Protection key ring, so it can read session cookies: on the
    /// Redis the AppHost runs, as a Redis user that may only read the key ring (a Redis you brought gets your
    /// connection string; give the gateway such a user yourself, see README "Security model").
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithKeyRing(this IResourceBuilder<ProjectResource> project, PlatformStore store)
    {
        project.WithSetting<SessionOptions>(nameof(SessionOptions.CertificatePath), store.CertificatePath);
        return store.IsEmbedded ? project.WithSetting<SessionOptions>(nameof(SessionOptions.KeysPath), store.KeysPath)
            : store.Redis is { Resource: RedisServerResource server } redis
                ? project.WithEnvironment(context => context.EnvironmentVariables[$"ConnectionStrings__{PlatformResources.Redis}"] = server.KeyRingReaderConnectionString).WaitFor(redis)
            : store.Redis is { } brought ? project.WithReference(brought).WaitFor(brought)
            : project;
    }

    /// <summary>Gives a project the assignment store and with it full access to the key ring (login issues sessions).</summary>
    public static IResourceBuilder<ProjectResource> WithAssignmentStore(this IResourceBuilder<ProjectResource> project, PlatformStore store)
    {
        project.WithSetting<SessionOptions>(nameof(SessionOptions.CertificatePath), store.CertificatePath);
        if (store.IsEmbedded)
        {
            project.WithSetting<SessionOptions>(nameof(SessionOptions.KeysPath), store.KeysPath);
        }
        else if (store.Redis is { } redis)
        {
            project.WithReference(redis).WaitFor(redis);
        }

        project
            .WithSetting<StoreOptions>(nameof(StoreOptions.Kind), store.Kind.ToString())
            .WithSetting<StoreOptions>(nameof(StoreOptions.SeedDemoData), store.SeedsDemoData.ToString());
        return store.IsEmbedded ? project.WithSetting<StoreOptions>(nameof(StoreOptions.SqlitePath), store.SqlitePath) : project;
    }
}

/// <summary>The store cannot be set up as configured; the message is one line saying what to do.</summary>
internal sealed class PlatformStoreException(string message) : DistributedApplicationException(message);

internal static class ResourceBuilderCasts
{
    public static IResourceBuilder<IResourceWithConnectionString> Cast<T>(this IResourceBuilder<T> builder) where T : IResourceWithConnectionString =>
        builder.ApplicationBuilder.CreateResourceBuilder<IResourceWithConnectionString>(builder.Resource);
}
