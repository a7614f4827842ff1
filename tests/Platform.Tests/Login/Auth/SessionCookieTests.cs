using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Login.Assignments;
using Platform.Login.Store;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Login.Auth;

/// <summary>
/// The session cookie outside Development (<c>__Host-</c>, Secure, Path=/, no Domain, SameSite=Strict) and a
/// sign-out no cross-site form can trigger.
/// </summary>
public sealed class SessionCookieTests : IAsyncLifetime
{
    private const string Admin = "ops@example.test";
    private const string Password = "a-long-operator-passphrase";
    private readonly string data = Directory.CreateTempSubdirectory("platform-cookie-").FullName;
    private WebApplicationFactory<SqliteStateStore> login = null!;

    public async Task InitializeAsync()
    {
        login = TestLogin.InProduction(data);
        await login.SaveUserAsync(new UserAccount(Admin, "", null, ["admin"]), Password);
    }

    public async Task DisposeAsync()
    {
        await login.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Outside_Development_the_session_cookie_is_a_strict_Host_cookie()
    {
        using var client = login.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var response = await client.PostAsJsonAsync("/auth/login", new { username = Admin, password = Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries);
        Assert.StartsWith("__Host-platform.session=", attributes[0], StringComparison.Ordinal);
        Assert.Contains("secure", attributes);
        Assert.Contains("path=/", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("httponly", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "a=b")]
    [InlineData("text/plain", "{}")]
    [InlineData("multipart/form-data; boundary=x", "--x--")]
    public async Task A_sign_out_a_cross_site_form_could_send_is_refused_and_the_session_stays(string contentType, string body)
    {
        using var client = login.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var signIn = await client.PostAsJsonAsync("/auth/login", new { username = Admin, password = Password });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var forged = new HttpRequestMessage(HttpMethod.Post, "/auth/logout") { Content = new StringContent(body, Encoding.UTF8) };
        forged.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        forged.Headers.Add("Cookie", cookie);
        forged.Headers.Add("Origin", "https://evil.example");
        var refused = await client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.False(refused.Headers.Contains("Set-Cookie"), "a refused sign-out must not clear the cookie");
    }

    [Fact]
    public async Task Sign_out_with_a_JSON_body_clears_the_cookie()
    {
        using var client = login.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var signIn = await client.PostAsJsonAsync("/auth/login", new { username = Admin, password = Password });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/logout") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.StartsWith("__Host-platform.session=;", response.Headers.GetValues("Set-Cookie").Single(), StringComparison.Ordinal);
    }
}
