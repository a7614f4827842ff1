using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Platform.Matrix;

namespace Platform.Tests.TestSupport;

internal static class TestMatrix
{
    /// <summary>The sample matrix: contacts v1/v2 (two instances each, its search replayable), insights v1/v2 (one each, calling contacts).</summary>
    public static VersionMatrix Create() => FromPairs(new Dictionary<string, string?>
    {
        ["VersionMatrix:contacts:Default"] = "v1",
        ["VersionMatrix:contacts:Versions:v1:Instances"] = "2",
        ["VersionMatrix:contacts:Versions:v2:Instances"] = "2",
        ["VersionMatrix:contacts:Replayable:0"] = "POST /contacts/search",
        ["VersionMatrix:insights:Default"] = "v1",
        ["VersionMatrix:insights:Versions:v1:Instances"] = "1",
        ["VersionMatrix:insights:Versions:v2:Instances"] = "1",
        ["VersionMatrix:insights:Calls:0"] = "contacts",
    });

    public static VersionMatrix FromPairs(IDictionary<string, string?> pairs) =>
        VersionMatrix.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(pairs).Build());

    /// <summary>Hands an in-process app the sample matrix, as the AppHost hands it to login and the gateway.</summary>
    public static IWebHostBuilder UseSampleMatrix(this IWebHostBuilder web)
    {
        foreach (var (key, value) in Create().ToEnvironment())
        {
            web.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
        }

        return web;
    }
}
