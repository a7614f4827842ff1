using System.Net;
using System.Net.Http.Json;
using Platform.DaprStandIn;
using Platform.Tests.TestSupport;

namespace Platform.Tests.DaprStandIn;

/// <summary>
/// The stand-in routes and checks tokens as daprd does, so tests that go through it mean something: daprd's own API
/// paths are served by the sidecar even with <c>dapr-app-id</c>; only other paths are invoked; with
/// <c>DAPR_API_TOKEN</c> every API call but healthz needs <c>dapr-api-token</c>; with <c>APP_API_TOKEN</c> the app
/// gets that token, never the caller's.
/// </summary>
public sealed class DaprdRoutingTests : IAsyncLifetime
{
    private const string ApiToken = "api-token-of-the-sidecar";
    private const string AppToken = "app-token-of-the-callers-own-app";
    private const string CalleeAppToken = "app-token-the-callees-sidecar-sends";
    private DaprSidecarStandIn open = null!;
    private DaprSidecarStandIn locked = null!;
    private EchoApp app = null!;

    public async Task InitializeAsync()
    {
        app = await EchoApp.StartAsync("contacts-v2");
        open = await DaprSidecarStandIn.StartAsync(new StandInOptions { AppId = "gateway" });
        locked = await DaprSidecarStandIn.StartAsync(new StandInOptions { AppId = "gateway", ApiToken = ApiToken, AppToken = AppToken });
        open.Apps.Register("contacts-v2", app.Address);
        locked.Apps.Register("contacts-v2", app.Address, CalleeAppToken);
    }

    public async Task DisposeAsync()
    {
        await open.DisposeAsync();
        await locked.DisposeAsync();
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData("GET", "/v1.0/metadata")]
    [InlineData("GET", "//v1.0//metadata")]
    [InlineData("GET", "/v1.0/metadata/")]
    [InlineData("POST", "/v1.0/shutdown")]
    [InlineData("GET", "/v1.0/state/assignments/user:x")]
    [InlineData("GET", "/v1.0-alpha1/jobs/x")]
    public async Task Its_own_API_paths_are_served_by_the_sidecar_even_with_dapr_app_id(string method, string path)
    {
        using var response = await SendAsync(open, method, path, ("dapr-app-id", "contacts-v2"));

        Assert.Empty(app.Received);
        Assert.Empty(open.Recorder.Invocations);
        var call = Assert.Single(open.Recorder.ApiCalls);
        Assert.True(call.HadAppId);
    }

    [Theory]
    [InlineData("/V1.0/metadata", "/V1.0/metadata")]
    [InlineData("/v1.0%2Fmetadata", "/v1.0%2Fmetadata")]
    [InlineData("/contacts?x=1", "/contacts?x=1")]
    public async Task Paths_no_API_route_takes_are_invoked_on_the_app_id(string path, string received)
    {
        using var response = await SendAsync(open, "GET", path, ("dapr-app-id", "contacts-v2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(open.Recorder.ApiCalls);
        Assert.Equal(received, Assert.Single(app.Received).PathAndQuery);
    }

    [Fact]
    public async Task The_invoke_API_hands_the_app_the_rest_of_the_path_with_query_and_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(open.HttpAddress, "/v1.0/invoke/contacts-v2/method/v1.0/metadata?a=1&b=x%20y"))
        {
            Content = JsonContent.Create(new { text = "hi" }),
        };

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(app.Received);
        Assert.Equal(("POST", "/v1.0/metadata?a=1&b=x%20y", """{"text":"hi"}"""), (received.Method, received.PathAndQuery, received.Body));
    }

    [Theory]
    [InlineData("GET", "/v1.0/metadata")]
    [InlineData("POST", "/v1.0/shutdown")]
    [InlineData("GET", "/v1.0/state/assignments/user:x")]
    [InlineData("GET", "/v1.0/invoke/contacts-v2/method/info")]
    [InlineData("GET", "/info")]
    public async Task With_DAPR_API_TOKEN_a_call_without_the_token_is_401(string method, string path)
    {
        using var without = await SendAsync(locked, method, path, ("dapr-app-id", "contacts-v2"));
        using var wrong = await SendAsync(locked, method, path, ("dapr-app-id", "contacts-v2"), ("dapr-api-token", "guess"));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (without.StatusCode, wrong.StatusCode));
        Assert.Equal("invalid api token", (await without.Content.ReadAsStringAsync()).Trim());
        Assert.Empty(app.Received);
        Assert.Empty(locked.Recorder.ApiCalls);
        Assert.Equal(2, locked.Recorder.Refusals.Count);
    }

    [Fact]
    public async Task Healthz_needs_no_token()
    {
        using var health = await SendAsync(locked, "GET", "/v1.0/healthz");
        using var outbound = await SendAsync(locked, "GET", "/v1.0/healthz/outbound");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (health.StatusCode, outbound.StatusCode));
    }

    [Fact]
    public async Task With_the_token_the_app_gets_its_own_sidecars_app_token_and_never_the_callers()
    {
        using var response = await SendAsync(locked, "GET", "/v1.0/invoke/contacts-v2/method/info", ("dapr-api-token", ApiToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CalleeAppToken, Assert.Single(app.Received).Headers["dapr-api-token"]);
        Assert.Equal(Recorder.RedactedToken, Assert.Single(locked.Recorder.Invocations).ForwardedHeaders["dapr-api-token"]);
    }

    [Fact]
    public async Task With_DAPR_API_TOKEN_a_gRPC_state_call_without_the_token_is_Unauthenticated()
    {
        using var without = new global::Dapr.Client.DaprClientBuilder().UseGrpcEndpoint(locked.GrpcAddress.ToString()).UseHttpEndpoint(locked.HttpAddress.ToString()).Build();
        using var with = new global::Dapr.Client.DaprClientBuilder().UseGrpcEndpoint(locked.GrpcAddress.ToString()).UseHttpEndpoint(locked.HttpAddress.ToString()).UseDaprApiToken(ApiToken).Build();

        var refused = await Assert.ThrowsAsync<global::Dapr.DaprException>(() => without.GetStateAsync<string>("assignments", "user:x"));
        var answered = await with.GetStateAsync<string>("assignments", "user:x");

        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, Assert.IsType<Grpc.Core.RpcException>(refused.InnerException).StatusCode);
        Assert.Null(answered);
        Assert.Single(locked.Recorder.Refusals);
        Assert.Equal("GetState", Assert.Single(locked.Recorder.StateCalls).Operation);
    }

    private static readonly HttpClient Client = new();

    /// <summary>Sends <paramref name="path"/> exactly as written: no client-side cleaning of slashes or escapes.</summary>
    private static Task<HttpResponseMessage> SendAsync(DaprSidecarStandIn sidecar, string method, string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(new HttpMethod(method),
            new Uri(sidecar.HttpAddress.GetLeftPart(UriPartial.Authority) + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return Client.SendAsync(request);
    }
}
