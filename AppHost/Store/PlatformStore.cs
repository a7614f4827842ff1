using Microsoft.Extensions.Configuration;
namespace Platform.AppHost.Store;

/// <summary>
/// Where the stack keeps assignments, users and the shared Data Protection key ring. Chosen once at startup from
/// <c>Store:Kind</c>: <c>redis</c>, or <c>auto</c> (the default): an explicit <c>ConnectionStrings:redis</c>, else
/// <c>redis-server</c> from PATH (or <c>Store:RedisServerPath</c>) run by the AppHost.
/// </summary>
internal sealed class PlatformStore
{
    private PlatformStore(string kind, IResourceBuilder<IResourceWithConnectionString>? redis, string dataPath)
    {
        Kind = kind;
        Redis = redis;
        DataPath = dataPath;
    }

    public string Kind { get; }

    public IResourceBuilder<IResourceWithConnectionString>? Redis { get; }

    /// <summary>The git-ignored folder for local data (Redis files); <c>Store:DataPath</c> moves it, e.g. for tests.</summary>
    public string DataPath { get; }

    public static PlatformStore Add(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var dataPath = Path.GetFullPath(config["Store:DataPath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.AppHostDirectory, ".data"));
        var kind = (config["Store:Kind"] ?? "auto").ToLowerInvariant();
        if (kind is not ("auto" or "redis"))
        {
            throw new InvalidOperationException($"Store:Kind '{config["Store:Kind"]}' is not known. Use 'auto' or 'redis'.");
        }

        if (!string.IsNullOrEmpty(config.GetConnectionString("redis")))
        {
            Console.WriteLine("Store: Redis at ConnectionStrings:redis (set by you).");
            return new PlatformStore("redis", builder.AddConnectionString("redis"), dataPath);
        }

        var redisServer = config["Store:RedisServerPath"] is { Length: > 0 } explicitPath ? explicitPath : FindOnPath("redis-server");
        if (redisServer is null || !File.Exists(redisServer))
        {
            throw new DistributedApplicationException(
                "Store: redis-server was not found on PATH (or at Store:RedisServerPath). Install it: sudo apt-get install -y redis-server");
        }

        Console.WriteLine($"Store: Redis run from {redisServer}, data in {Path.Combine(dataPath, "redis")}.");
        var redis = builder.AddRedisServer("redis", redisServer, Path.Combine(dataPath, "redis"));
        return new PlatformStore("redis", redis.Cast(), dataPath);
    }

    /// <summary>Gives a project the shared Data Protection key ring, so it can read (or issue) session cookies.</summary>
    public IResourceBuilder<ProjectResource> WithKeyRing(IResourceBuilder<ProjectResource> project) =>
        Redis is null ? project : project.WithReference(Redis).WaitFor(Redis);

    /// <summary>Gives a project the assignment store (and with it the key ring).</summary>
    public IResourceBuilder<ProjectResource> WithAssignmentStore(IResourceBuilder<ProjectResource> project) =>
        WithKeyRing(project).WithEnvironment("Store__Kind", Kind);

    private static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);
}

internal static class ResourceBuilderCasts
{
    public static IResourceBuilder<IResourceWithConnectionString> Cast<T>(this IResourceBuilder<T> builder) where T : IResourceWithConnectionString =>
        builder.ApplicationBuilder.CreateResourceBuilder<IResourceWithConnectionString>(builder.Resource);
}
