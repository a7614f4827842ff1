using Platform.Callers;
using Platform.Sidecars;
using Platform.Stack.Tests.Dapr;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Security;

/// <summary>Issue 10, item 3 in Dapr mode: invoking a service through any sidecar does not make a caller.</summary>
[Collection(DaprStackCollection.Name)]
public sealed class DaprCallerSpoofingTests(DaprStackFixture stack)
{
    [Fact]
    public async Task Invoking_a_service_through_its_sidecar_with_a_tenant_header_answers_401()
    {
        using var sidecar = stack.Direct("contacts-v1-1-dapr");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/info");
        request.Headers.Add("dapr-app-id", "contacts-v1");
        // Even with the sidecar's own API token (an attacker who got that far), a tenant header proves nothing.
        request.Headers.Add(DaprTokens.Header, stack.Sidecars["contacts-v1-1-dapr"].ApiToken);
        request.Headers.Add(CallerHeaders.Tenant, "globex");

        await (await sidecar.SendAsync(request)).ReadProblemAsync(401);
    }

    [Fact]
    public async Task The_token_the_gateway_sent_cannot_be_replayed_for_another_tenant_or_later()
    {
        using var alice = await stack.SignInAsync("alice@acme.test");
        await alice.GetAsync("/api/contacts/info?probe=replay");
        var sent = Assert.Single((await stack.RecordedAsync("gateway-dapr")).Invocations, i => i.PathAndQuery == "/info?probe=replay");
        var token = sent.ReceivedHeaders[CallerHeaders.Token.ToLowerInvariant()];
        using var sidecar = stack.Direct("contacts-v2-1-dapr");

        HttpRequestMessage Replay()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/info");
            request.Headers.Add("dapr-app-id", "contacts-v2");
            request.Headers.Add(DaprTokens.Header, stack.Sidecars["contacts-v2-1-dapr"].ApiToken);
            request.Headers.Add(CallerHeaders.Token, token);
            request.Headers.Add(CallerHeaders.Tenant, "globex");
            return request;
        }

        using (var now = Replay())
        {
            Assert.Equal("acme", (await (await sidecar.SendAsync(now)).ReadAsync<ServiceInfo>()).Tenant);
        }

        await Task.Delay(GatewayTokens.Lifetime + TimeSpan.FromSeconds(1));
        using var later = Replay();
        await (await sidecar.SendAsync(later)).ReadProblemAsync(401);
    }
}
