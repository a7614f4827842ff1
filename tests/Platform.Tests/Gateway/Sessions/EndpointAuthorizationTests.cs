using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Gateway.Sessions;

namespace Platform.Tests.Gateway.Sessions;

public sealed class EndpointAuthorizationTests
{
    [Fact]
    public void Endpoints_with_authorization_metadata_ask_for_it()
    {
        Assert.True(EndpointAuthorization.AsksForAuthorization(Endpoint(new AuthorizeAttribute())));
        Assert.True(EndpointAuthorization.AsksForAuthorization(Endpoint(new AuthorizationPolicyBuilder().RequireRole("admin").Build())));
        Assert.True(EndpointAuthorization.AsksForAuthorization(Endpoint(new AdminsOnly())));
        Assert.False(EndpointAuthorization.AsksForAuthorization(Endpoint()));
        Assert.False(EndpointAuthorization.AsksForAuthorization(Endpoint(new AllowAnonymousAttribute())));
        Assert.False(EndpointAuthorization.AsksForAuthorization(null));
    }

    [Fact]
    public async Task An_endpoint_that_requires_authorization_is_still_authorized()
    {
        await using var app = await StartAsync(fallback: null);
        using var client = app.GetTestClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/closed")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/open")).StatusCode);
    }

    [Fact]
    public async Task A_fallback_policy_applies_to_endpoints_without_metadata()
    {
        await using var app = await StartAsync(fallback: new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        using var client = app.GetTestClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/open")).StatusCode);
    }

    private static Endpoint Endpoint(params object[] metadata) => new(null, new EndpointMetadataCollection(metadata), "test");

    private static async Task<WebApplication> StartAsync(AuthorizationPolicy? fallback)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o => o.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            });
        builder.Services.AddAuthorization(o => o.FallbackPolicy = fallback);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseEndpointAuthorization();
        app.MapGet("/open", () => Results.Ok());
        app.MapGet("/closed", () => Results.Ok()).RequireAuthorization();
        await app.StartAsync();
        return app;
    }

    private sealed class AdminsOnly : IAuthorizationRequirementData
    {
        public IEnumerable<IAuthorizationRequirement> GetRequirements() => [new Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement(["admin"])];
    }
}
