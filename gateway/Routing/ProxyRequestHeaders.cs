using System.Net.Http.Headers;

namespace Platform.Gateway.Routing;

/// <summary>Removal of a client's headers from the request the gateway forwards.</summary>
internal static class ProxyRequestHeaders
{
    /// <summary>
    /// Removes every header whose name <paramref name="matches"/>, in one pass over the names as they were copied (the
    /// typed view would parse every value) and a removal only for what is there: removing each name in turn looks it
    /// up on every request, for headers clients almost never send (README, Performance). The struct enumerator
    /// allocates nothing; the list only when there is something to remove.
    /// </summary>
    public static void RemoveWhere(HttpRequestHeaders headers, Func<string, bool> matches)
    {
        List<string>? found = null;
        foreach (var header in headers.NonValidated)
        {
            if (matches(header.Key))
            {
                (found ??= []).Add(header.Key);
            }
        }

        if (found is not null)
        {
            foreach (var name in found)
            {
                headers.Remove(name);
            }
        }
    }
}
