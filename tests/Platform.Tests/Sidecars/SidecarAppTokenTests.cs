using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Platform.Sidecars;

namespace Platform.Tests.Sidecars;

/// <summary>
/// A service version in Dapr mode answers only what its sidecar delivers (header <c>dapr-api-token</c> = its
/// <c>APP_API_TOKEN</c>), and its probes answer anyone; without <c>APP_API_TOKEN</c> (direct mode) nothing changes.
/// </summary>
public sealed class SidecarAppTokenTests
{
    private const string AppToken = "the-app-token";

    [Theory]
    [InlineData(null)]
    [InlineData("guess")]
    [InlineData("THE-APP-TOKEN")]
    public async Task Without_the_app_token_a_request_is_401_with_a_ProblemDetails(string? presented)
    {
        await using var app = await StartAsync(AppToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/info");
        if (presented is not null)
        {
            request.Headers.Add(DaprTokens.Header, presented);
        }

        using var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Status);
    }

    [Fact]
    public async Task With_the_app_token_the_request_is_served()
    {
        await using var app = await StartAsync(AppToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/info");
        request.Headers.Add(DaprTokens.Header, AppToken);

        using var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task The_probes_need_no_token(string probe)
    {
        await using var app = await StartAsync(AppToken);

        Assert.Equal(HttpStatusCode.OK, (await app.GetTestClient().GetAsync(probe)).StatusCode);
    }

    [Fact]
    public async Task Without_APP_API_TOKEN_nothing_is_checked()
    {
        await using var app = await StartAsync(appToken: null);

        Assert.Equal(HttpStatusCode.OK, (await app.GetTestClient().GetAsync("/info")).StatusCode);
    }

    private static async Task<WebApplication> StartAsync(string? appToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Configuration[DaprTokens.AppTokenVariable] = appToken;
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSidecarAppToken();
        app.MapDefaultEndpoints();
        app.MapGet("/info", () => Results.Ok());
        await app.StartAsync();
        return app;
    }
}
