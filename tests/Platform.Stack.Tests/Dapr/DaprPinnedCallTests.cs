using Platform.Callers;
using Platform.Sidecars;
using Platform.Stack.Tests.Infrastructure;
using Platform.Stack.Tests.Security;

namespace Platform.Stack.Tests.Dapr;

/// <summary>Issue 13, item 5 in Dapr mode: a service invokes another's pinned version through its own sidecar.</summary>
[Collection(DaprStackCollection.Name)]
public sealed class DaprPinnedCallTests(DaprStackFixture stack)
{
    [Fact]
    public async Task Insights_v2_invokes_the_contacts_app_id_pinned_for_the_caller_through_its_sidecar_with_the_gateways_token()
    {
        await StackScenarios.InsightsCallsContactsAtTheCallersPinnedVersionAsync(stack);

        var invocations = (await stack.RecordedAsync("insights-v2-1-dapr")).Invocations.Where(i => i.PathAndQuery == "/contacts/c-1/lifecycle").ToList();
        Assert.Contains(invocations, i => i.AppId == "contacts-v1");
        Assert.All(invocations, i =>
        {
            Assert.Equal(200, i.Status);
            Assert.Equal("insights-v2", i.ForwardedHeaders["dapr-caller-app-id"]);
            Assert.NotEmpty(i.ReceivedHeaders[CallerHeaders.Token.ToLowerInvariant()]);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Insights_invoked_without_a_caller_token_that_verifies_answers_401_and_invokes_nothing(bool altered)
    {
        var before = (await stack.RecordedAsync("insights-v2-1-dapr")).Invocations.Length;
        using var sidecar = stack.Direct("insights-v2-1-dapr");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/scores/c-1");
        request.Headers.Add("dapr-app-id", "insights-v2");
        // The sidecar's own API token: an attacker who got that far still has no caller.
        request.Headers.Add(DaprTokens.Header, stack.Sidecars["insights-v2-1-dapr"].ApiToken);
        if (altered)
        {
            var token = (await stack.TokensWithTheKeyRingAsync()).ForCaller(new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["contacts"] = "v1", ["insights"] = "v2" }));
            request.Headers.Add(CallerHeaders.Token, token[..^8] + "AAAAAAAA");
        }

        var problem = await (await sidecar.SendAsync(request)).ReadProblemAsync(401);

        Assert.Equal("No caller", problem.Title);
        // Only the invocation of insights itself was recorded by its sidecar: no call to contacts followed.
        var after = (await stack.RecordedAsync("insights-v2-1-dapr")).Invocations;
        Assert.Equal(["insights-v2"], after.Skip(before).Select(i => i.AppId));
    }
}
