using System.Net;
using Platform.Stack.Tests.Dapr;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Security;

/// <summary>Issue 10, item 5 in Dapr mode: the revocation feed lives in the Dapr state store, and still ends sessions.</summary>
[Collection(DaprStackCollection.Name)]
public sealed class DaprSessionRevocationTests(DaprStackFixture stack)
{
    [Fact]
    public async Task A_copied_cookie_stops_working_within_seconds_of_sign_out()
    {
        var cookie = await stack.SessionCookieOfAsync("alice@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await stack.SendWithCookieAsync(cookie)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await stack.SendWithCookieAsync(HttpMethod.Post, "/auth/logout", cookie)).StatusCode);

        await (await SecurityProbes.EventuallyAsync(() => stack.SendWithCookieAsync(cookie), HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5))).ReadProblemAsync(401);
        Assert.Contains((await stack.RecordedAsync("login-dapr")).StateCalls, c => c is { Operation: "SaveState", Store: "assignments", Key: "sessions:revocations" });
    }
}
