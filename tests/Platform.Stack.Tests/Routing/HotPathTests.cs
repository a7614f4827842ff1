using System.Net.Http.Json;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Routing;

[Collection(StackCollection.Name)]
public sealed class HotPathTests(StackFixture stack)
{
    [Fact]
    public async Task Open_sessions_keep_being_routed_while_the_store_is_down()
    {
        using var alice = await stack.SignInAsync("alice@acme.test");
        using var bob = await stack.SignInAsync("bob@globex.test");
        // The gateway reads its key ring once and keeps it; this first request is that read.
        Assert.Equal("v2", (await alice.GetInfoAsync("contacts")).Version);

        var redis = stack.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "redis");
        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stopped = await commands.ExecuteCommandAsync(redis, KnownResourceCommands.StopCommand, timeout.Token);
        Assert.True(stopped.Success, stopped.Message);
        try
        {
            await stack.App.ResourceNotifications.WaitForResourceAsync("redis", KnownResourceStates.TerminalStates, timeout.Token);

            // Every routing decision comes from the sealed ticket and the matrix in memory.
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal("v2", (await alice.GetInfoAsync("contacts")).Version);
                Assert.Equal("v1", (await bob.GetInfoAsync("insights")).Version);
            }
        }
        finally
        {
            await commands.ExecuteCommandAsync(redis, KnownResourceCommands.StartCommand, timeout.Token);
            await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("redis", timeout.Token);
        }

        // Sign-in reads the store again once it is back (login's client reconnects within a few seconds; until then a
        // sign-in is a 503, never a 500), with the data it had (append-only file).
        using var again = stack.NewClient();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        HttpResponseMessage signIn;
        while ((signIn = await again.PostAsJsonAsync("/auth/login", new { username = "alice@acme.test", password = StackFixture.Password })).StatusCode != HttpStatusCode.OK
            && DateTime.UtcNow < deadline)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
            await Task.Delay(250);
        }

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("v2", (await again.GetInfoAsync("contacts")).Version);
    }
}
