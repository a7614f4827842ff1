using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.TestSupport;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Platform.Tests.Gateway.Resilience;

/// <summary>
/// The short wait of a first attempt (Resilience:InstanceActivityTimeout) is there to fail over to another instance, so
/// it covers only what can still fail over: the wait for an answer to start, of a request that can be sent again.
/// Contacts v2's two instances, both in rotation and both answered by one app that is slow where the query asks it to
/// be (<see cref="EchoApp"/>).
/// </summary>
public sealed class SlowAnswerTests : IAsyncLifetime
{
    // 2 s here (500 ms in production), as in InstanceFailoverTests, so that a loaded machine (the test suites run side
    // by side) starting an answer late does not fail over and take an instance out of rotation; the pauses are well
    // beyond it.
    private static readonly TimeSpan FirstAttemptWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(4);
    private EchoApp contacts = null!;
    private SessionGateway gateway = null!;

    public async Task InitializeAsync()
    {
        contacts = await EchoApp.StartAsync("contacts-v2");
        gateway = SessionGateway.Start(contacts.Address, web => web.UseSetting("Resilience:InstanceActivityTimeout", FirstAttemptWait.ToString("c")));
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await contacts.DisposeAsync();
    }

    [Fact]
    public async Task An_answer_that_pauses_after_it_has_started_reaches_the_client_whole()
    {
        using var client = Client();

        // Two at once, so each is a first attempt with the other instance in rotation.
        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.GetAsync($"/api/contacts/info?pauseMidBodyMs={Pause.TotalMilliseconds}")));

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"/info?pauseMidBodyMs={Pause.TotalMilliseconds}", (await response.Content.ReadFromJsonAsync<EchoedRequest>())!.PathAndQuery);
        }

        AssertBothInstancesInRotation();
    }

    [Fact]
    public async Task A_post_that_cannot_be_replayed_waits_for_a_slow_answer()
    {
        using var client = Client();

        var response = await client.PostAsJsonAsync($"/api/contacts/contacts?answerAfterMs={Pause.TotalMilliseconds}", new { name = "slow" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("slow", (await response.Content.ReadFromJsonAsync<EchoedRequest>())!.Body);
        AssertBothInstancesInRotation();
    }

    [Fact]
    public async Task A_replayable_post_from_a_slow_client_is_read_whole_before_its_answer_is_waited_for()
    {
        using var client = Client();

        var response = await client.PostAsync("/api/contacts/contacts/search", new SlowContent("{\"text\":", Pause, "\"slow client\"}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("slow client", (await response.Content.ReadFromJsonAsync<EchoedRequest>())!.Body);
        // Had the wait for the answer run during the upload, the first instance would have failed the request.
        AssertBothInstancesInRotation();
        Assert.Single(contacts.Received, r => r.Method == "POST");
    }

    private HttpClient Client() => gateway.Client(gateway.Session("alice@acme.test", DateTimeOffset.UtcNow.AddHours(1)));

    private void AssertBothInstancesInRotation()
    {
        Assert.True(gateway.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster("contacts-v2", out var cluster));
        Assert.Equal(2, cluster.Destinations.Count);
        Assert.All(cluster.Destinations.Values, d => Assert.NotEqual(DestinationHealth.Unhealthy, d.Health.Passive));
    }

    /// <summary>A body sent in two parts with a pause between them, as from a client on a slow network.</summary>
    private sealed class SlowContent : HttpContent
    {
        private readonly string first;
        private readonly TimeSpan pause;
        private readonly string rest;

        public SlowContent(string first, TimeSpan pause, string rest)
        {
            (this.first, this.pause, this.rest) = (first, pause, rest);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(first));
            await stream.FlushAsync();
            await Task.Delay(pause);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(rest));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
