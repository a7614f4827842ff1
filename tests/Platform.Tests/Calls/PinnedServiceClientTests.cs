using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Callers;
using Platform.Calls;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Calls;

public sealed class PinnedServiceClientTests : IDisposable
{
    private static readonly Caller Acme = new("acme", "alice@acme.test", new Dictionary<string, string> { ["contacts"] = "v1", ["insights"] = "v2" });

    private readonly string keys = Directory.CreateTempSubdirectory("platform-calls-").FullName;
    private readonly RecordingHandler sent = new();

    [Theory]
    [InlineData("v1", "http://10.0.0.1:5001/contacts/c-1/lifecycle")]
    [InlineData("v2", "http://10.0.0.2:5002/contacts/c-1/lifecycle")]
    public async Task A_call_goes_to_the_version_pinned_for_the_caller_with_the_gateways_token_unchanged(string pinned, string expected)
    {
        using var host = Host(("Dapr:Mode", "Off"), ("services:contacts-v1:http:0", "http://10.0.0.1:5001"), ("services:contacts-v2:http:0", "http://10.0.0.2:5002"));
        var token = GatewayTokensOf(host).ForCaller(new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["contacts"] = pinned, ["insights"] = "v2" }));

        var answer = await Client(host, token).GetFromJsonAsync<Lifecycle>("contacts", "/contacts/c-1/lifecycle");

        var request = Assert.Single(sent.Requests);
        Assert.Equal(expected, request.Uri);
        Assert.Equal(token, request.CallerToken);
        Assert.Equal("lead", answer!.Stage);
    }

    [Fact]
    public async Task In_direct_mode_calls_spread_over_the_instances_of_the_pinned_version()
    {
        using var host = Host(("Dapr:Mode", "Off"), ("services:contacts-v1:http:0", "http://10.0.0.1:5001"), ("services:contacts-v1:http:1", "http://10.0.0.1:5002"));
        var client = Client(host, GatewayTokensOf(host).ForCaller(Acme));

        for (var i = 0; i < 4; i++)
        {
            await client.GetFromJsonAsync<Lifecycle>("contacts", "/contacts/c-1/lifecycle");
        }

        Assert.Equal(["10.0.0.1:5001", "10.0.0.1:5002"], sent.Requests.Select(r => new Uri(r.Uri).Authority).Distinct().Order());
    }

    [Fact]
    public async Task In_Dapr_mode_a_call_is_an_invocation_of_the_pinned_versions_app_id_through_the_local_sidecar()
    {
        using var host = Host(("Dapr:Mode", "On"), ("DAPR_HTTP_PORT", "3999"));
        var token = GatewayTokensOf(host).ForCaller(Acme);

        await Client(host, token).GetFromJsonAsync<Lifecycle>("contacts", "/contacts/c-1/lifecycle");

        var request = Assert.Single(sent.Requests);
        Assert.Equal("http://127.0.0.1:3999/v1.0/invoke/contacts-v1/method/contacts/c-1/lifecycle", request.Uri);
        Assert.Equal(token, request.CallerToken);
    }

    [Fact]
    public async Task No_version_pinned_for_the_service_is_a_401_that_says_to_sign_in_again_and_nothing_is_sent()
    {
        using var host = Host(("Dapr:Mode", "Off"));
        var token = GatewayTokensOf(host).ForCaller(new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["insights"] = "v2" }));

        var failed = await Assert.ThrowsAsync<PinnedCallException>(() => Client(host, token).GetFromJsonAsync<Lifecycle>("contacts", "/contacts/c-1/lifecycle"));

        Assert.Equal(StatusCodes.Status401Unauthorized, failed.Status);
        Assert.Contains("Sign in again", failed.Message);
        Assert.Empty(sent.Requests);
    }

    [Fact]
    public async Task A_pin_to_a_version_no_longer_deployed_is_a_401_that_says_to_sign_in_again_and_nothing_is_sent()
    {
        using var host = Host(("Dapr:Mode", "Off"));
        var token = GatewayTokensOf(host).ForCaller(new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["contacts"] = "v0" }));

        var failed = await Assert.ThrowsAsync<PinnedCallException>(() => Client(host, token).GetFromJsonAsync<Lifecycle>("contacts", "/contacts/c-1/lifecycle"));

        Assert.Equal((StatusCodes.Status401Unauthorized, "contacts v0 retired"), (failed.Status, failed.Title));
        Assert.Empty(sent.Requests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("altered")]
    public async Task Without_a_caller_token_that_verifies_no_call_is_made(string? tampering)
    {
        using var host = Host(("Dapr:Mode", "Off"), ("services:contacts-v1:http:0", "http://10.0.0.1:5001"));
        var token = tampering is null ? null : GatewayTokensOf(host).ForCaller(Acme)[..^6] + "AAAAAA";

        var failed = await Assert.ThrowsAsync<PinnedCallException>(() => Client(host, token).GetFromJsonAsync<Lifecycle>("contacts", "/contacts/c-1/lifecycle"));

        Assert.Equal(StatusCodes.Status401Unauthorized, failed.Status);
        Assert.Empty(sent.Requests);
    }

    [Fact]
    public async Task A_failed_call_is_answered_as_ProblemDetails_saying_which_version_failed()
    {
        using var host = Host(("Dapr:Mode", "Off"), ("services:contacts-v1:http:0", "http://10.0.0.1:5001"));
        sent.Status = HttpStatusCode.InternalServerError;
        var context = Request(host, GatewayTokensOf(host).ForCaller(Acme));
        context.Response.Body = new MemoryStream();
        var failed = await Assert.ThrowsAsync<PinnedCallException>(() => host.Services.GetRequiredService<PinnedServiceClient>().GetFromJsonAsync<Lifecycle>("contacts", "/contacts/c-1/lifecycle"));

        var handled = false;
        foreach (var handler in host.Services.GetServices<IExceptionHandler>())
        {
            handled |= await handler.TryHandleAsync(context, failed, CancellationToken.None);
        }

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status502BadGateway, context.Response.StatusCode);
        var problem = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray()).RootElement;
        Assert.Equal("contacts v1 failed", problem.GetProperty("title").GetString());
        Assert.Contains("answered 500", problem.GetProperty("detail").GetString());
    }

    public void Dispose() => Directory.Delete(keys, recursive: true);

    private IHost Host(params (string Key, string? Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(TestMatrix.Create().ToEnvironment().Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)));
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)));
        builder.AddServiceDefaults();
        builder.AddPinnedServiceClient();
        builder.Services.AddSingleton(new GatewayTokens(DataProtectionProvider.Create(new DirectoryInfo(keys), b => b.SetApplicationName("platform"))));
        builder.Services.AddHttpClient<PinnedServiceClient>().ConfigurePrimaryHttpMessageHandler(() => sent);
        return builder.Build();
    }

    private static GatewayTokens GatewayTokensOf(IHost host) => host.Services.GetRequiredService<GatewayTokens>();

    private static PinnedServiceClient Client(IHost host, string? token)
    {
        Request(host, token);
        return host.Services.GetRequiredService<PinnedServiceClient>();
    }

    /// <summary>The request being served, as it reached the service: with the caller token the gateway sealed, if any.</summary>
    private static DefaultHttpContext Request(IHost host, string? token)
    {
        var context = new DefaultHttpContext { RequestServices = host.Services };
        if (token is not null)
        {
            context.Request.Headers[CallerHeaders.Token] = token;
        }

        host.Services.GetRequiredService<IHttpContextAccessor>().HttpContext = context;
        return context;
    }

    private sealed record Lifecycle(string ContactId, string Stage);

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(string Uri, string? CallerToken)> Requests { get; } = [];

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add((request.RequestUri!.ToString(), request.Headers.TryGetValues(CallerHeaders.Token, out var values) ? values.Single() : null));
            }

            return Task.FromResult(new HttpResponseMessage(Status)
            {
                Content = new StringContent("""{"servedBy":{"service":"contacts","version":"v1","instance":"contacts-v1-1"},"contactId":"c-1","stage":"lead"}""",
                    System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}
