using System.Net;
using System.Net.Http.Json;
using System.Text;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Security;

/// <summary>
/// Browser-side attacks on the whole stack: framing the app, sniffing content types, leaking URLs as referrers, and
/// signing a user out from another site's form.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class BrowserHardeningTests(StackFixture stack)
{
    [Theory]
    [InlineData("/", "script-src 'self'")]
    [InlineData("/workspace", "script-src 'self'")]
    [InlineData("/auth/session", "default-src 'none'")]
    [InlineData("/api/contacts/info", "default-src 'none'")]
    public async Task Every_answer_forbids_framing_inline_script_and_sniffing(string path, string scripts)
    {
        using var client = stack.NewClient();

        var response = await client.GetAsync(path);

        // The app runs its own scripts only; an API answer opened as a page runs none.
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains(scripts, csp, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    [Fact]
    public async Task A_cross_site_form_cannot_sign_the_user_out()
    {
        using var alice = await stack.SignInAsync("alice@acme.test");

        // What an auto-submitting form on another site sends (a "simple" request: no preflight), cookie attached.
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/auth/logout")
        {
            Content = new StringContent("x=1", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        forged.Headers.Add("Origin", "https://evil.example");
        var refused = await alice.SendAsync(forged);

        await refused.ReadProblemAsync(415);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/contacts/info")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.PostAsJsonAsync("/auth/logout", new { })).StatusCode);
    }
}
