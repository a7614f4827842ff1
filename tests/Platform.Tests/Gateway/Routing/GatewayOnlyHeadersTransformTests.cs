using System.Net.Http;
using Platform.Callers;
using Platform.Gateway.Routing;

namespace Platform.Tests.Gateway.Routing;

/// <summary>What a client sent that only the gateway may say never reaches login or a service.</summary>
public sealed class GatewayOnlyHeadersTransformTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Caller_and_dapr_headers_a_client_sent_are_dropped_whatever_their_case(bool toService)
    {
        var request = ClientRequest();

        GatewayOnlyHeadersTransform.Drop(request.Headers, toService);

        // Other headers of the same prefixes are the client's own; the cookie goes to login only.
        string[] kept = toService ? ["Accept", "X-Dapr-Like", "X-Platform-Theme"] : ["Accept", "Cookie", "X-Dapr-Like", "X-Platform-Theme"];
        Assert.Equal(kept, request.Headers.NonValidated.Select(header => header.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_request_without_them_keeps_every_header()
    {
        var request = new HttpRequestMessage();
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("Cookie", "__Host-session=sealed");

        GatewayOnlyHeadersTransform.Drop(request.Headers, toService: false);

        Assert.Equal(2, request.Headers.NonValidated.Count);
    }

    private static HttpRequestMessage ClientRequest()
    {
        var request = new HttpRequestMessage();
        foreach (var (name, value) in new[]
        {
            ("Accept", "application/json"),
            ("Cookie", "__Host-session=sealed"),
            (CallerHeaders.User, "mallory@globex.test"),
            (CallerHeaders.Tenant.ToLowerInvariant(), "acme"),
            (CallerHeaders.Token, "forged"),
            (CallerHeaders.ClientAddress.ToUpperInvariant(), "forged"),
            (CallerHeaders.Gateway, "forged"),
            ("dapr-app-id", "contacts-v9"),
            ("Dapr-Api-Token", "stolen"),
            ("dapr-caller-app-id", "gateway"),
            ("X-Platform-Theme", "dark"),
            ("X-Dapr-Like", "kept"),
        })
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
