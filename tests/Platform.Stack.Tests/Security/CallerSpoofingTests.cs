using Platform.Callers;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Security;

/// <summary>
/// Issue 10, item 3: a service instance reached without the gateway must not believe who the caller says it is.
/// Only the gateway's sealed, short-lived caller token counts.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class CallerSpoofingTests(StackFixture stack)
{
    [Theory]
    [InlineData("contacts-v2-1", "/info")]
    [InlineData("contacts-v1-1", "/contacts")]
    [InlineData("insights-v1-1", "/scores/c-1")]
    public async Task An_instance_reached_directly_with_a_tenant_header_answers_401(string instance, string path)
    {
        using var direct = stack.Direct(instance);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(CallerHeaders.Tenant, "globex");
        request.Headers.Add(CallerHeaders.User, "bob@globex.test");

        var problem = await (await direct.SendAsync(request)).ReadProblemAsync(401);

        Assert.Contains("gateway", problem.Detail);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_forged_caller_token_answers_401(string token)
    {
        using var direct = stack.Direct("contacts-v1-1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/info");
        request.Headers.Add(CallerHeaders.Token, token);
        request.Headers.Add(CallerHeaders.Tenant, "globex");

        await (await direct.SendAsync(request)).ReadProblemAsync(401);
    }

    [Fact]
    public async Task A_token_sealed_for_another_purpose_answers_401()
    {
        var tokens = await stack.TokensWithTheKeyRingAsync();
        using var direct = stack.Direct("contacts-v1-1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/info");
        request.Headers.Add(CallerHeaders.Token, tokens.ForRevocationFeed());
        request.Headers.Add(CallerHeaders.Tenant, "globex");

        await (await direct.SendAsync(request)).ReadProblemAsync(401);
    }

    [Fact]
    public async Task A_caller_token_is_bound_to_its_tenant_and_stops_working_seconds_later()
    {
        var tokens = await stack.TokensWithTheKeyRingAsync();
        var token = tokens.ForCaller(new Caller("acme", "alice@acme.test"));
        using var direct = stack.Direct("contacts-v2-1");

        HttpRequestMessage Replay()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/info");
            request.Headers.Add(CallerHeaders.Token, token);
            request.Headers.Add(CallerHeaders.Tenant, "globex");
            return request;
        }

        // While fresh it names acme, whatever tenant header rides along.
        using (var fresh = Replay())
        {
            Assert.Equal("acme", (await (await direct.SendAsync(fresh)).ReadAsync<ServiceInfo>()).Tenant);
        }

        await Task.Delay(GatewayTokens.Lifetime + TimeSpan.FromSeconds(1));

        using var stale = Replay();
        await (await direct.SendAsync(stale)).ReadProblemAsync(401);
    }
}
