using System.Collections.Concurrent;

namespace Platform.DaprStandIn;

/// <summary>
/// The stand-in's name resolution: which app addresses serve an app-id. Real daprd finds the other sidecars through
/// mDNS (self-hosted) and talks to them over gRPC; the stand-in goes straight to the target app over HTTP.
/// </summary>
public interface IAppRegistry
{
    /// <summary>Registers an instance of <paramref name="appId"/> listening at <paramref name="address"/>.</summary>
    void Register(string appId, Uri address);

    /// <summary>The next instance of <paramref name="appId"/> (round robin), or null when none is known.</summary>
    Uri? Resolve(string appId);
}

/// <summary>In-process registry, for tests that start the stand-in themselves.</summary>
public sealed class InMemoryAppRegistry : IAppRegistry
{
    private readonly ConcurrentDictionary<string, List<Uri>> apps = new(StringComparer.Ordinal);
    private int next;

    public void Register(string appId, Uri address)
    {
        var list = apps.GetOrAdd(appId, _ => []);
        lock (list)
        {
            if (!list.Contains(address))
            {
                list.Add(address);
            }
        }
    }

    public Uri? Resolve(string appId)
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
/// <c>{appId}/{instance}.url</c> holding its app's address. Stands in for mDNS when the AppHost runs many stand-ins.
/// </summary>
public sealed class DirectoryAppRegistry(string root) : IAppRegistry
{
    private int next;

    public void Register(string appId, Uri address)
    {
        var folder = Path.Combine(root, appId);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{address.Host}_{address.Port}.url");
        File.WriteAllText(file, address.ToString());
    }

    public Uri? Resolve(string appId)
    {
        var folder = Path.Combine(root, appId);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var files = Directory.GetFiles(folder, "*.url").Order(StringComparer.Ordinal).ToArray();
        return files.Length == 0
            ? null
            : new Uri(File.ReadAllText(files[(int)((uint)Interlocked.Increment(ref next) % (uint)files.Length)]).Trim());
    }
}
