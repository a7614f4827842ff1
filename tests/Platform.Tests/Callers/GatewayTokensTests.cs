using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Platform.Callers;

namespace Platform.Tests.Callers;

public sealed class GatewayTokensTests
{
    private readonly string keys = Directory.CreateTempSubdirectory("platform-tokens-").FullName;

    [Fact]
    public void A_caller_token_opens_on_the_same_key_ring_with_its_tenant_and_user()
    {
        var gateway = Tokens(keys);
        var service = Tokens(keys);

        Assert.Equal(new Caller("acme", "alice@acme.test"), service.ReadCaller(gateway.ForCaller(new Caller("acme", "alice@acme.test"))));
    }

    [Fact]
    public void A_caller_token_carries_the_sessions_pinned_versions()
    {
        var gateway = Tokens(keys);
        var pinned = new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["insights"] = "v2", ["contacts"] = "v1" });

        var read = Tokens(keys).ReadCaller(gateway.ForCaller(pinned));

        Assert.Equal(pinned, read);
        Assert.Equal("v1", read!.Versions["contacts"]);
        Assert.Equal("v2", read.Versions["insights"]);
    }

    [Fact]
    public void Callers_with_the_same_pins_are_equal_whatever_the_order_and_others_are_not()
    {
        var one = new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["contacts"] = "v1", ["insights"] = "v2" });
        var sameInOtherOrder = new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["insights"] = "v2", ["contacts"] = "v1" });
        var otherPin = new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v2" });

        Assert.Equal(one, sameInOtherOrder);
        Assert.Equal(one.GetHashCode(), sameInOtherOrder.GetHashCode());
        Assert.NotEqual(one, otherPin);
        Assert.NotEqual(one, new Caller("acme", "alice@acme.test"));
    }

    [Fact]
    public void A_reused_token_is_never_one_sealed_with_other_pins()
    {
        var gateway = Tokens(keys);
        var v1 = new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["contacts"] = "v1" });
        var v2 = new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["contacts"] = "v2" });

        var first = gateway.ForCaller(v1);

        Assert.Same(first, gateway.ForCaller(new Caller("acme", "alice@acme.test", new Dictionary<string, string> { ["contacts"] = "v1" })));
        Assert.Equal("v2", gateway.ReadCaller(gateway.ForCaller(v2))!.Versions["contacts"]);
    }

    [Fact]
    public void Tokens_open_only_for_their_own_purpose_and_key_ring()
    {
        var gateway = Tokens(keys);
        var caller = gateway.ForCaller(new Caller("acme", null));
        var client = gateway.ForClientAddress(IPAddress.Parse("10.0.0.7"));

        Assert.Null(gateway.ReadClientAddress(caller));
        Assert.Null(gateway.ReadCaller(client));
        Assert.False(gateway.IsRevocationFeedToken(caller));
        Assert.Equal(IPAddress.Parse("10.0.0.7"), gateway.ReadClientAddress(client));
        Assert.True(gateway.IsRevocationFeedToken(gateway.ForRevocationFeed()));
        Assert.Null(Tokens(Directory.CreateTempSubdirectory("platform-other-ring-").FullName).ReadCaller(caller));
        Assert.Null(gateway.ReadCaller(caller[..^4] + "AAAA"));
        Assert.Null(gateway.ReadCaller(""));
    }

    [Fact]
    public void A_callers_token_is_reused_for_half_its_lifetime_then_sealed_anew()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var gateway = Tokens(keys, clock);
        var alice = new Caller("acme", "alice@acme.test");

        var first = gateway.ForCaller(alice);
        clock.Now += GatewayTokens.ReuseFor - TimeSpan.FromMilliseconds(1);
        Assert.Same(first, gateway.ForCaller(alice));
        Assert.NotEqual(first, gateway.ForCaller(new Caller("acme", "bob@acme.test")));
        Assert.NotEqual(first, gateway.ForCaller(new Caller("globex", "alice@acme.test")));

        clock.Now += TimeSpan.FromMilliseconds(1);
        var second = gateway.ForCaller(alice);
        Assert.NotEqual(first, second);
        Assert.Equal(alice, gateway.ReadCaller(second));
    }

    [Fact]
    public void A_callers_token_expires_one_lifetime_after_the_gateways_clock_sealed_it()
    {
        var sealedAt = DateTimeOffset.UtcNow - GatewayTokens.Lifetime - TimeSpan.FromSeconds(1);
        var gateway = Tokens(keys, new ManualClock(sealedAt));

        // Sealed by a clock one lifetime in the past: its expiry is sealed in, so it no longer opens.
        Assert.Null(Tokens(keys).ReadCaller(gateway.ForCaller(new Caller("acme", null))));
    }

    private static GatewayTokens Tokens(string keyFolder, TimeProvider? time = null) =>
        new(DataProtectionProvider.Create(new DirectoryInfo(keyFolder), b => b.SetApplicationName("platform")), time ?? TimeProvider.System);

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
