using Platform.Login.Assignments;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Login.Assignments;

public sealed class VersionResolverTests
{
    private static readonly RingAssignment Early = new("early", new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v2" });

    [Fact]
    public void Ring_decides_when_there_is_no_override()
    {
        var versions = VersionResolver.Resolve(TestMatrix.Create(), Tenant(), Early);

        Assert.Equal("v2", versions["contacts"]);
        Assert.Equal("v2", versions["insights"]);
    }

    [Fact]
    public void Override_wins_over_the_ring_for_its_service_only()
    {
        var versions = VersionResolver.Resolve(TestMatrix.Create(), Tenant(("insights", "v1")), Early);

        Assert.Equal("v2", versions["contacts"]);
        Assert.Equal("v1", versions["insights"]);
    }

    [Fact]
    public void Version_that_is_not_deployed_falls_back_to_the_default()
    {
        var retired = new RingAssignment("early", new Dictionary<string, string> { ["contacts"] = "v0", ["insights"] = "v2" });

        var versions = VersionResolver.Resolve(TestMatrix.Create(), Tenant(("insights", "v9")), retired);

        Assert.Equal("v1", versions["contacts"]);
        Assert.Equal("v1", versions["insights"]);
    }

    [Fact]
    public void Service_the_ring_does_not_name_gets_its_default_and_every_service_gets_a_version()
    {
        var partial = new RingAssignment("early", new Dictionary<string, string> { ["contacts"] = "v2" });

        var versions = VersionResolver.Resolve(TestMatrix.Create(), Tenant(), partial);

        Assert.Equal(new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v1" }, versions);
        Assert.Equal("v1", VersionResolver.Resolve(TestMatrix.Create(), Tenant(), ring: null)["contacts"]);
    }

    private static TenantAssignment Tenant(params (string Service, string Version)[] overrides) =>
        new("acme", "early", overrides.ToDictionary(o => o.Service, o => o.Version));
}
