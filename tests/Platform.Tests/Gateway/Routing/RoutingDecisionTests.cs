using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Platform.Gateway.Routing;
using Platform.Sessions;

namespace Platform.Tests.Gateway.Routing;

public sealed class RoutingDecisionTests
{
    private static readonly HashSet<string> Deployed = ["contacts-v1", "contacts-v2", "insights-v1"];

    [Fact]
    public void Routes_to_the_cluster_of_the_pinned_version()
    {
        var decision = RoutingDecision.Decide(Session("acme", ("contacts", "v2")), "contacts", Deployed.Contains);

        Assert.True(decision.IsForward);
        Assert.Equal("contacts-v2", decision.ClusterId);
        Assert.Equal("acme", decision.Tenant);
    }

    [Fact]
    public void Each_service_uses_its_own_pin()
    {
        var user = Session("globex", ("contacts", "v2"), ("insights", "v1"));

        Assert.Equal("contacts-v2", RoutingDecision.Decide(user, "contacts", Deployed.Contains).ClusterId);
        Assert.Equal("insights-v1", RoutingDecision.Decide(user, "insights", Deployed.Contains).ClusterId);
    }

    [Fact]
    public void No_session_is_401() =>
        Assert.Equal(StatusCodes.Status401Unauthorized, RoutingDecision.Decide(new ClaimsPrincipal(), "contacts", Deployed.Contains).Status);

    [Fact]
    public void Session_without_tenant_is_403()
    {
        var admin = new VersionTicket("admin@platform.test", null, null, [VersionTicket.AdminRole], new Dictionary<string, string>()).ToPrincipal("Cookies");

        var decision = RoutingDecision.Decide(admin, "contacts", Deployed.Contains);

        Assert.False(decision.IsForward);
        Assert.Equal(StatusCodes.Status403Forbidden, decision.Status);
    }

    [Fact]
    public void Version_not_deployed_is_never_forwarded()
    {
        var decision = RoutingDecision.Decide(Session("acme", ("contacts", "v9")), "contacts", Deployed.Contains);

        Assert.False(decision.IsForward);
        Assert.Equal(StatusCodes.Status401Unauthorized, decision.Status);
        Assert.Contains("contacts v9", decision.Detail);
    }

    [Fact]
    public void Service_missing_from_the_ticket_is_never_forwarded()
    {
        var decision = RoutingDecision.Decide(Session("acme", ("contacts", "v1")), "insights", Deployed.Contains);

        Assert.False(decision.IsForward);
        Assert.Contains("Sign in again", decision.Detail);
    }

    private static ClaimsPrincipal Session(string tenant, params (string Service, string Version)[] versions) =>
        new VersionTicket("user@test", tenant, "ring", [], versions.ToDictionary(v => v.Service, v => v.Version)).ToPrincipal("Cookies");
}
