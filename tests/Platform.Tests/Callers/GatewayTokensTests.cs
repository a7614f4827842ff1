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

    private static GatewayTokens Tokens(string keyFolder) =>
        new(DataProtectionProvider.Create(new DirectoryInfo(keyFolder), b => b.SetApplicationName("platform")));
}
