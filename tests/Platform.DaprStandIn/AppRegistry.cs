using System.Collections.Concurrent;

namespace Platform.DaprStandIn;

/// <summary>One instance of an app: where it listens, and the app token its own sidecar sends it.</summary>
public sealed record AppInstance(Uri Address, string? AppToken);

/// <summary>
/// The stand-in's name resolution: which app addresses serve an app-id. Real daprd finds the other sidecars through
/// mDNS (self-hosted) and talks to them over gRPC, and the callee's sidecar adds the callee's <c>APP_API_TOKEN</c>;
/// the stand-in goes straight to the target app over HTTP, so each instance is registered with that token too.
/// </summary>
public interface IAppRegistry
{
    /// <summary>
    /// Registers an instance of <paramref name="appId"/> listening at <paramref name="address"/>, whose sidecar
    /// sends it <paramref name="appToken"/> (null: its sidecar has no <c>APP_API_TOKEN</c>).
    /// </summary>
    void Register(string appId, Uri address, string? appToken = null);

    /// <summary>The next instance of <paramref name="appId"/> (round robin), or null when none is known.</summary>
    AppInstance? Resolve(string appId);
}

/// <summary>In-process registry, for tests that start the stand-in themselves.</summary>
public sealed class InMemoryAppRegistry : IAppRegistry
{
    private readonly ConcurrentDictionary<string, List<AppInstance>> apps = new(StringComparer.Ordinal);
    private int next;

    public void Register(string appId, Uri address, string? appToken = null)
    {
        var list = apps.GetOrAdd(appId, _ => []);
        lock (list)
        {
            list.RemoveAll(i => i.Address == address);
            list.Add(new AppInstance(address, appToken));
        }
    }

    public AppInstance? Resolve(string appId)
    {
        if (!apps.TryGetValue(appId, out var list))
        {
            return null;
        }

        lock (list)
        {
            return list.Count == 0 ? null : list[(int)((uint)Interlocked.Increment(ref next) % (uint)list.Count)];
        }
    }
}

/// <summary>
/// A registry shared by stand-in processes through a folder: each sidecar writes one file
/// <c>{appId}/{instance}.url</c> holding its app's address and, on a second line, its app token. Stands in for mDNS
/// (and the callee sidecar's token) when the AppHost runs many stand-ins; the folder is a test's private temp folder.
/// </summary>
public sealed class DirectoryAppRegistry(string root) : IAppRegistry
{
    private int next;

    public void Register(string appId, Uri address, string? appToken = null)
    {
        var folder = Path.Combine(root, appId);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{address.Host}_{address.Port}.url");
        File.WriteAllText(file, address + (appToken is null ? "" : "\n" + appToken));
    }

    public AppInstance? Resolve(string appId)
    {
        var folder = Path.Combine(root, appId);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var files = Directory.GetFiles(folder, "*.url").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            return null;
        }

        var lines = File.ReadAllLines(files[(int)((uint)Interlocked.Increment(ref next) % (uint)files.Length)]);
        return new AppInstance(new Uri(lines[0].Trim()), lines.Length > 1 && lines[1].Trim() is { Length: > 0 } token ? token : null);
    }
}
