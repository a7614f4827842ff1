using Platform.Callers;
using Platform.Stack.Tests.Infrastructure;
using Platform.Stack.Tests.Security;

namespace Platform.Stack.Tests.Routing;

/// <summary>Issue 13, item 5 in direct mode: a service calls another at the version pinned for its caller.</summary>
[Collection(StackCollection.Name)]
public sealed class PinnedCallTests(StackFixture stack)
{
    [Fact]
    public Task Insights_v2_reaches_the_contacts_version_pinned_for_the_caller_through_service_discovery() =>
        StackScenarios.InsightsCallsContactsAtTheCallersPinnedVersionAsync(stack);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_a_caller_token_that_verifies_insights_answers_401_and_calls_nothing(bool altered)
    {
        using var direct = stack.Direct("insights-v2-1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/scores/c-1");
        if (altered)
        {
            var token = (await stack.TokensWithTheKeyRingAsync()).ForCaller(new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["contacts"] = "v1", ["insights"] = "v2" }));
            request.Headers.Add(CallerHeaders.Token, token[..^8] + "AAAAAAAA");
        }

        var problem = await (await direct.SendAsync(request)).ReadProblemAsync(401);

        Assert.Equal("No caller", problem.Title);
    }

    [Fact]
    public async Task A_caller_with_no_contacts_version_pinned_gets_a_problem_saying_to_sign_in_again()
    {
        var token = (await stack.TokensWithTheKeyRingAsync()).ForCaller(new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["insights"] = "v2" }));
        using var direct = stack.Direct("insights-v2-1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/scores/c-1");
        request.Headers.Add(CallerHeaders.Token, token);

        var problem = await (await direct.SendAsync(request)).ReadProblemAsync(401);

        Assert.Equal("No version of contacts pinned", problem.Title);
        Assert.Contains("Sign in again", problem.Detail);
    }
}
