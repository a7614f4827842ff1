using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Gateway.Transport;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Web;

/// <summary>The gateway serving the front end's build: the app for app routes, never for backend paths.</summary>
public sealed class WebFrontendTests : IAsyncLifetime
{
    private readonly string webRoot = Directory.CreateTempSubdirectory("platform-web-").FullName;
    private WebApplicationFactory<DirectTransport> gateway = null!;

    public Task InitializeAsync()
    {
        gateway = new WebApplicationFactory<DirectTransport>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Web:Root", webRoot);
            web.UseSetting("Session:KeysPath", Path.Combine(webRoot, "keys"));
            web.UseSampleMatrix();
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        Directory.Delete(webRoot, recursive: true);
    }

    [Fact]
    public async Task Before_the_front_end_is_built_a_page_says_why_there_is_none()
    {
        using var client = gateway.CreateClient();

        var response = await client.GetAsync("/workspace");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Node 20 and npm", page);
        // It says the build is under way and reloads by itself, with no script (the app's CSP allows no inline one).
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("being built", page);
        Assert.Contains("""<meta http-equiv="refresh" content="5">""", page);
        Assert.DoesNotContain("<script", page);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/workspace")]
    [InlineData("/console")]
    public async Task App_routes_get_index_html_which_is_never_cached(string path)
    {
        await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), "<app-root></app-root>");
        using var client = gateway.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<app-root></app-root>", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoCache, $"{path} should be sent with Cache-Control: no-cache");
    }

    [Fact]
    public async Task Unknown_api_paths_are_a_real_404_not_the_app()
    {
        await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), "<app-root></app-root>");
        using var client = gateway.CreateClient();

        var response = await client.GetAsync("/api/billing/invoices");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/auth/anything")]
    [InlineData("/admin/anything")]
    public async Task Backend_paths_go_to_the_backend_never_to_the_app(string path)
    {
        await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), "<app-root></app-root>");
        using var client = gateway.CreateClient();

        // No login service runs in this test, so the proxy cannot reach it; what matters is that it tried.
        var response = await client.GetAsync(path);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("app-root", await response.Content.ReadAsStringAsync());
    }
}
