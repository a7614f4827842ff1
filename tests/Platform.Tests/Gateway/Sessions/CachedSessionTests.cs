using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.Sessions;
using Platform.Gateway.Telemetry;
using Platform.Sessions.Revocation;
using Platform.Telemetry;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Sessions;

/// <summary>
/// The real gateway (direct transport) with its ticket cache: a session is unsealed and validated by the cookie
/// handler once, and answered from the cache after that, as long as it has not expired or been revoked.
/// </summary>
public sealed class CachedSessionTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> validations = new();
    private readonly HashSet<string> refusedUsers = [];
    private EchoApp contactsV2 = null!;
    private SessionGateway gateway = null!;

    public async Task InitializeAsync()
    {
        contactsV2 = await EchoApp.StartAsync("contacts-v2");
        // A validation event of the handler's that counts its calls and refuses some users, in front of the
        // gateway's own (which mark a session they let through as validated).
        gateway = SessionGateway.Start(contactsV2.Address, web => SessionGateway.AroundValidation(web, (context, validate) =>
        {
            validations.AddOrUpdate(context.Principal!.Identity!.Name!, 1, (_, count) => count + 1);
            if (refusedUsers.Contains(context.Principal!.Identity!.Name!))
            {
                context.RejectPrincipal();
                return Task.CompletedTask;
            }

            return validate(context);
        }));
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await contactsV2.DisposeAsync();
    }

    [Fact]
    public async Task A_session_is_unsealed_once_and_routed_from_the_cache_after()
    {
        using var client = gateway.Client(gateway.Session("alice@acme.test", DateTimeOffset.UtcNow.AddHours(1)));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);

        Assert.Equal(1, gateway.Services.GetRequiredService<TicketCache>().Count);
        Assert.Equal(2, Forwarded(to: "alice@acme.test"));
    }

    [Fact]
    public async Task A_validated_session_is_answered_without_the_cookie_handler()
    {
        using var client = gateway.Client(gateway.Session("bob@acme.test", DateTimeOffset.UtcNow.AddHours(1)));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);
        }

        Assert.Equal(1, validations.GetValueOrDefault("bob@acme.test"));
        Assert.Equal(3, Forwarded(to: "bob@acme.test"));
    }

    [Fact]
    public async Task A_session_the_validation_event_refused_is_never_answered_from_the_cache()
    {
        refusedUsers.Add("heidi@acme.test");
        using var client = gateway.Client(gateway.Session("heidi@acme.test", DateTimeOffset.UtcNow.AddHours(1)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/contacts/info")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/contacts/info")).StatusCode);

        Assert.Equal(2, validations.GetValueOrDefault("heidi@acme.test"));
        Assert.Equal(0, Forwarded(to: "heidi@acme.test"));
    }

    [Fact]
    public async Task A_validated_session_is_refused_once_its_user_is_revoked()
    {
        using var client = gateway.Client(gateway.Session("carol@acme.test", DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);

        // What the gateway applies when login's feed says the user's sessions are over.
        var revocations = gateway.Services.GetRequiredService<RevocationSet>();
        revocations.Apply(new RevocationFeed(revocations.Cursor + 1,
            [new RevocationEntry(revocations.Cursor + 1, RevocationKinds.User, "carol@acme.test", DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow.AddHours(1))]));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/contacts/info")).StatusCode);
        Assert.Equal(2, Forwarded(to: "carol@acme.test"));
    }

    [Fact]
    public async Task A_cached_session_is_refused_once_it_expires()
    {
        using var client = gateway.Client(gateway.Session("dave@acme.test", DateTimeOffset.UtcNow.AddSeconds(1.5)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/contacts/info")).StatusCode);
        Assert.Equal(1, Forwarded(to: "dave@acme.test"));
    }

    [Fact]
    public async Task A_tampered_cookie_of_a_cached_session_is_refused()
    {
        var cookie = gateway.Session("erin@acme.test", DateTimeOffset.UtcNow.AddHours(1));
        using var genuine = gateway.Client(cookie);
        Assert.Equal(HttpStatusCode.OK, (await genuine.GetAsync("/api/contacts/info")).StatusCode);

        using var tampered = gateway.Client(cookie[..^2] + (cookie[^2] == 'x' ? "y" : "x") + cookie[^1]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await tampered.GetAsync("/api/contacts/info")).StatusCode);
        Assert.Equal(1, Forwarded(to: "erin@acme.test"));
    }

    [Fact]
    public async Task Every_forwarded_request_is_counted_and_timed_per_service_version()
    {
        var meters = gateway.Services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentQueue<(string Instrument, string? Service, string? Version)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == PlatformTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measured.Enqueue(Measurement(instrument, tags)));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => measured.Enqueue(Measurement(instrument, tags)));
        listener.Start();
        using var client = gateway.Client(gateway.Session("frank@acme.test", DateTimeOffset.UtcNow.AddHours(1)));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);

        Assert.Contains((GatewayMetrics.RequestsName, "contacts", "v2"), measured);
        Assert.Contains((GatewayMetrics.DurationName, "contacts", "v2"), measured);
    }

    [Fact]
    public async Task A_sampled_request_span_is_tagged_with_tenant_service_and_version()
    {
        // Asks for no more than propagation itself, so a recorded span means the gateway's own tracing sampled it.
        using var platformSpans = new ListenedSpans(PlatformTelemetry.SourceName);
        using var client = gateway.Client(gateway.Session("grace@initech.test", DateTimeOffset.UtcNow.AddHours(1), tenant: "initech"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts/info")).StatusCode);

        var span = Assert.Single(platformSpans.Stopped, s => s.GetTagItem(PlatformTelemetry.TenantTag) as string == "initech");
        Assert.True(span.Recorded);
        Assert.Equal("contacts", span.GetTagItem(PlatformTelemetry.ServiceTag));
        Assert.Equal("v2", span.GetTagItem(PlatformTelemetry.VersionTag));
        Assert.Equal("contacts-v2", span.GetTagItem(PlatformTelemetry.AppIdTag));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_forwarded_request_continues_the_callers_trace_with_a_client_span_only_when_sampled(bool sampled)
    {
        // Propagation only: whatever this listener says, the span is recorded only if the gateway's tracing samples it.
        using var clientSpans = new ListenedSpans("System.Net.Http");
        var (trace, caller) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        using var client = gateway.Client(gateway.Session("heidi@acme.test", DateTimeOffset.UtcNow.AddHours(1)));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/contacts/info");
        // The caller's decision: the gateway samples by its parent, as the services do.
        request.Headers.Add("traceparent", $"00-{trace}-{caller}-{(sampled ? "01" : "00")}");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        var forwarded = Assert.Single(contactsV2.Received, r => r.Headers.GetValueOrDefault("x-platform-user") == "heidi@acme.test");
        var parent = forwarded.Headers["traceparent"].Split('-');
        Assert.Equal((trace.ToHexString(), sampled ? "01" : "00"), (parent[1], parent[3]));
        Assert.NotEqual(caller.ToHexString(), parent[2]);
        var spans = clientSpans.Started.Where(s => s.TraceId == trace).ToList();
        if (sampled)
        {
            Assert.Equal(parent[2], Assert.Single(spans).SpanId.ToHexString());
        }
        else
        {
            // The service's parent is the gateway's request span, and no client span was made for it.
            Assert.Empty(spans);
        }
    }

    private static (string, string?, string?) Measurement(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? service = null, version = null;
        foreach (var tag in tags)
        {
            service = tag.Key == PlatformTelemetry.ServiceTag ? tag.Value as string : service;
            version = tag.Key == PlatformTelemetry.VersionTag ? tag.Value as string : version;
        }

        return (instrument.Name, service, version);
    }

    // The echo app also answers the gateway's health probes: count only what was forwarded for this user.
    private int Forwarded(string to) =>
        contactsV2.Received.Count(r => r.PathAndQuery == "/info" && r.Headers.GetValueOrDefault("x-platform-user") == to);
}
