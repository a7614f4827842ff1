using Microsoft.AspNetCore.Http;
using Platform.Callers;
using Platform.Gateway.Routing;
using Platform.Sessions;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Routing;

public sealed class RoutingDecisionTests
{
    private static readonly Platform.Matrix.VersionMatrix Matrix = TestMatrix.Create();

    [Fact]
    public void Routes_to_the_app_id_of_the_pinned_version_and_names_the_caller()
    {
        var decision = RoutingDecision.Decide(Session("acme", ("contacts", "v2")), "contacts", Matrix);

        Assert.True(decision.IsForward);
        Assert.Equal("contacts-v2", decision.Version!.AppId);
        Assert.Equal("acme", decision.Tenant);
        Assert.Equal("user@test", decision.User);
    }

    [Fact]
    public void The_caller_to_seal_carries_every_pin_of_the_session()
    {
        var decision = RoutingDecision.Decide(Session("acme", ("contacts", "v1"), ("insights", "v2")), "insights", Matrix);

        Assert.Equal(new Caller("acme", "user@test", new Dictionary<string, string> { ["contacts"] = "v1", ["insights"] = "v2" }), decision.Caller);
    }

    [Fact]
    public void A_refused_request_has_no_caller_to_seal() =>
        Assert.Null(RoutingDecision.Decide(Session("acme", ("contacts", "v9")), "contacts", Matrix).Caller);

    [Fact]
    public void Each_service_uses_its_own_pin()
    {
        var ticket = Session("globex", ("contacts", "v2"), ("insights", "v1"));

        Assert.Equal("contacts-v2", RoutingDecision.Decide(ticket, "contacts", Matrix).Version!.AppId);
        Assert.Equal("insights-v1", RoutingDecision.Decide(ticket, "insights", Matrix).Version!.AppId);
    }

    [Fact]
    public void No_session_is_401() =>
        Assert.Equal(StatusCodes.Status401Unauthorized, RoutingDecision.Decide(null, "contacts", Matrix).Status);

    [Fact]
    public void Session_without_tenant_is_403()
    {
        var admin = new VersionTicket("admin@platform.test", null, null, [VersionTicket.AdminRole], new Dictionary<string, string>());

        var decision = RoutingDecision.Decide(admin, "contacts", Matrix);

        Assert.False(decision.IsForward);
        Assert.Equal(StatusCodes.Status403Forbidden, decision.Status);
    }

    [Fact]
    public void Version_not_deployed_is_never_forwarded()
    {
        var decision = RoutingDecision.Decide(Session("acme", ("contacts", "v9")), "contacts", Matrix);

        Assert.False(decision.IsForward);
        Assert.True(decision.IsRetired);
        Assert.Equal(StatusCodes.Status401Unauthorized, decision.Status);
        Assert.Contains("contacts v9", decision.Detail);
    }

    [Fact]
    public void Service_missing_from_the_ticket_is_never_forwarded()
    {
        var decision = RoutingDecision.Decide(Session("acme", ("contacts", "v1")), "insights", Matrix);

        Assert.False(decision.IsForward);
        Assert.False(decision.IsRetired);
        Assert.Contains("Sign in again", decision.Detail);
    }

    private static VersionTicket Session(string tenant, params (string Service, string Version)[] versions) =>
        new("user@test", tenant, "ring", [], versions.ToDictionary(v => v.Service, v => v.Version));
}
