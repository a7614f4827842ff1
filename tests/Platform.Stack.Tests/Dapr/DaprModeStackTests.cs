using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Dapr;

[Collection(DaprStackCollection.Name)]
public sealed class DaprModeStackTests(DaprStackFixture stack)
{
    [Fact]
    public Task Each_tenant_reaches_the_versions_of_its_ring_through_the_sidecars() => StackScenarios.EachTenantReachesTheVersionsOfItsRingAsync(stack);

    [Fact]
    public async Task The_gateway_invokes_app_id_contacts_v2_for_acme_and_contacts_v1_for_globex_through_its_sidecar()
    {
        using var alice = await stack.SignInAsync("alice@acme.test");
        using var bob = await stack.SignInAsync("bob@globex.test");

        await alice.GetAsync("/api/contacts/info?probe=acme");
        await bob.GetAsync("/api/contacts/info?probe=globex");

        var invocations = (await stack.RecordedAsync("gateway-dapr")).Invocations;
        var acme = Assert.Single(invocations, i => i.PathAndQuery == "/info?probe=acme");
        var globex = Assert.Single(invocations, i => i.PathAndQuery == "/info?probe=globex");
        Assert.Equal(("contacts-v2", "acme", 200), (acme.AppId, acme.ReceivedHeaders["x-platform-tenant"], acme.Status));
        Assert.Equal(("contacts-v1", "globex", 200), (globex.AppId, globex.ReceivedHeaders["x-platform-tenant"], globex.Status));
        Assert.Equal("gateway", acme.ForwardedHeaders["dapr-caller-app-id"]);
        Assert.False(acme.ForwardedHeaders.ContainsKey("dapr-app-id"));
    }

    [Fact]
    public async Task Requests_for_one_app_id_are_spread_over_its_instances_by_name_resolution()
    {
        using var alice = await stack.SignInAsync("alice@acme.test");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => alice.GetInfoAsync("contacts")));

        Assert.All(answers, a => Assert.Equal("v2", a.Version));
        Assert.Equal(["contacts-v2-1", "contacts-v2-2"], answers.Select(a => a.Instance).Distinct().Order());
    }

    [Fact]
    public async Task Login_reads_assignments_through_its_sidecars_state_API()
    {
        using var alice = await stack.SignInAsync("alice@acme.test");

        var calls = (await stack.RecordedAsync("login-dapr")).StateCalls;

        Assert.Contains(calls, c => c is { Operation: "GetState", Store: "assignments", Key: "user:alice@acme.test", Outcome: "OK" });
        Assert.Contains(calls, c => c is { Operation: "SaveState", Store: "assignments", Key: "tenant:acme" });
    }

    [Fact]
    public Task Two_admins_changing_one_tenant_at_once_one_wins_the_other_gets_412() => StackScenarios.TwoAdminsChangingOneTenantAtOnceOneWinsTheOtherGets412Async(stack);

    [Fact]
    public Task Audited_change_is_listed_and_its_revert_applies_to_new_sign_ins() => StackScenarios.ChangeIsAuditedAndRevertRestoresItAsync(stack);

    [Fact]
    public Task Audited_change_changed_again_since_is_not_reverted_409() => StackScenarios.RevertAfterALaterChangeIsRefusedAsync(stack);

    [Fact]
    public async Task Spoofed_app_id_and_identity_headers_change_nothing()
    {
        using var bob = await stack.SignInAsync("bob@globex.test");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/contacts/info");
        request.Headers.Add("dapr-app-id", "contacts-v2");
        request.Headers.Add("X-Platform-Tenant", "acme");

        var info = await (await bob.SendAsync(request)).ReadAsync<ServiceInfo>();

        Assert.Equal(("v1", "globex"), (info.Version, info.Tenant));
    }
}
