using System.Net;
using Aspire.Hosting;
using Platform.Sidecars;
using Platform.Stack.Tests.Dapr;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Security;

/// <summary>
/// Attacks on Dapr mode, against the whole stack as the AppHost starts it, each sidecar the daprd stand-in (which
/// routes and checks tokens as daprd does; see tests/Platform.DaprStandIn). Each attack must fail: the sidecar's API
/// is not reachable through the gateway, a sidecar answers no API call without its token, a service instance answers
/// nothing that did not come through its sidecar, and client-sent Dapr headers change nothing.
/// </summary>
[Collection(DaprStackCollection.Name)]
public sealed class DaprAttackTests(DaprStackFixture stack)
{
    /// <summary>Paths of the sidecar's API behind a service's prefix, plain and disguised.</summary>
    public static TheoryData<string, string> SidecarApiPaths => new()
    {
        { "GET", "/api/contacts/v1.0/metadata" },
        { "POST", "/api/contacts/v1.0/shutdown" },
        { "GET", "/api/contacts//v1.0/metadata" },
        { "GET", "/api/contacts/v1.0/metadata/" },
        { "GET", "/api/contacts/v1.0%2Fmetadata" },
        { "GET", "/api/contacts/V1.0/METADATA" },
        { "GET", "/api/contacts/x/%2e%2e/v1.0/metadata" },
        { "GET", "/api/contacts/x/..%2Fv1.0/metadata" },
        { "POST", "/api/contacts/%2e%2e/%2e%2e/v1.0/shutdown" },
        { "GET", "/api/contacts/v1.0/state/assignments/user:admin@platform.test" },
        { "GET", "/api/contacts/v1.0/invoke/login/method/auth/me" },
        { "GET", "/api/contacts/v1.0-alpha1/metadata" },
    };

    [Theory]
    [MemberData(nameof(SidecarApiPaths))]
    public async Task The_sidecars_API_is_never_reached_through_the_gateway(string method, string path)
    {
        using var alice = await stack.SignInAsync("alice@acme.test");
        using var request = new HttpRequestMessage(new HttpMethod(method), Raw(stack.GatewayAddress, path));

        using var response = await alice.SendAsync(request);

        // Reached the service (its own answer, e.g. 404 for a path it does not have) or refused by the gateway: either
        // way a ProblemDetails or the service's JSON, never the sidecar's.
        Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "application/problem+json", "application/json" });
        Assert.DoesNotContain("stand-in", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The only API calls the gateway's sidecar serves are the AppHost's health probes.
        Assert.All((await stack.RecordedAsync("gateway-dapr")).ApiCalls, c => Assert.Equal("/v1.0/healthz/outbound", c.Path));
        // The shutdown attempts took nothing down.
        Assert.Equal("v2", (await alice.GetInfoAsync("contacts")).Version);
    }

    [Theory]
    [InlineData("login-dapr", "GET", "/v1.0/metadata")]
    [InlineData("login-dapr", "GET", "/v1.0/state/assignments/user:admin@platform.test")]
    [InlineData("login-dapr", "POST", "/v1.0/shutdown")]
    [InlineData("gateway-dapr", "GET", "/v1.0/invoke/contacts-v2/method/info")]
    [InlineData("gateway-dapr", "GET", "/info")]
    [InlineData("contacts-v2-1-dapr", "GET", "/v1.0/metadata")]
    [InlineData("contacts-v2-1-dapr", "POST", "/v1.0/shutdown")]
    public async Task A_sidecars_API_called_directly_without_its_token_is_401(string sidecar, string method, string path)
    {
        using var client = new HttpClient { BaseAddress = stack.App.GetEndpoint(sidecar, "http") };
        using var withoutToken = new HttpRequestMessage(new HttpMethod(method), path);
        withoutToken.Headers.Add("dapr-app-id", "contacts-v2");
        using var guessedToken = new HttpRequestMessage(new HttpMethod(method), path);
        guessedToken.Headers.Add(DaprTokens.Header, "guess");

        using var without = await client.SendAsync(withoutToken);
        using var guessed = await client.SendAsync(guessedToken);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (without.StatusCode, guessed.StatusCode));
        Assert.Equal("invalid api token", (await without.Content.ReadAsStringAsync()).Trim());
        Assert.DoesNotContain((await stack.RecordedAsync(sidecar)).ApiCalls, c => c.Path == path.TrimEnd('/'));
    }

    [Fact]
    public async Task With_its_token_logins_sidecar_answers_its_state_API_so_the_refusal_is_the_tokens_doing()
    {
        using var client = new HttpClient { BaseAddress = stack.App.GetEndpoint("login-dapr", "http") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/state/assignments/user:alice@acme.test");
        request.Headers.Add(DaprTokens.Header, stack.Sidecars["login-dapr"].ApiToken);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("acme", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_answers_without_a_token_as_daprd_does()
    {
        using var client = new HttpClient { BaseAddress = stack.App.GetEndpoint("login-dapr", "http") };

        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/v1.0/healthz/outbound")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("guess")]
    public async Task A_service_instance_called_directly_without_its_app_token_is_401(string? token)
    {
        using var client = new HttpClient { BaseAddress = stack.App.GetEndpoint("contacts-v2-1", "http") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/info");
        request.Headers.Add("X-Platform-Tenant", "globex");
        request.Headers.Add("X-Platform-User", "bob@globex.test");
        if (token is not null)
        {
            request.Headers.Add(DaprTokens.Header, token);
        }

        using var response = await client.SendAsync(request);

        var problem = await response.ReadProblemAsync(401);
        Assert.Equal("Not from the sidecar", problem.Title);
        // Its probes stay open for the AppHost and the sidecar's app health check.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Client_sent_Dapr_headers_change_nothing_even_a_real_token()
    {
        using var bob = await stack.SignInAsync("bob@globex.test");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/contacts/info?probe=spoofed-dapr-headers");
        request.Headers.Add("dapr-app-id", "contacts-v2");
        request.Headers.Add("dapr-api-token", stack.Sidecars["contacts-v2-1-dapr"].AppToken);
        request.Headers.Add("dapr-caller-app-id", "login");
        request.Headers.Add("dapr-callee-app-id", "contacts-v2");

        var info = await (await bob.SendAsync(request)).ReadAsync<ServiceInfo>();

        Assert.Equal(("v1", "globex"), (info.Version, info.Tenant));
        var invocation = Assert.Single((await stack.RecordedAsync("gateway-dapr")).Invocations, i => i.PathAndQuery == "/info?probe=spoofed-dapr-headers");
        Assert.Equal("contacts-v1", invocation.AppId);
        Assert.DoesNotContain(invocation.ReceivedHeaders.Keys, name => name.StartsWith(DaprTokens.HeaderPrefix, StringComparison.Ordinal));
        Assert.Equal("gateway", invocation.ForwardedHeaders["dapr-caller-app-id"]);
    }

    /// <summary>The URL exactly as written: no client-side cleaning of dot segments, slashes or escapes.</summary>
    private static Uri Raw(Uri gateway, string path) =>
        new(gateway.GetLeftPart(UriPartial.Authority) + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
