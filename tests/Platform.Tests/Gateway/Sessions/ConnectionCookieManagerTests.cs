using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Platform.Gateway.Sessions;

namespace Platform.Tests.Gateway.Sessions;

public sealed class ConnectionCookieManagerTests
{
    private readonly CountingCookieManager inner = new();
    private readonly Connection connection = new();

    [Fact]
    public void The_same_cookie_header_on_a_connection_is_parsed_once()
    {
        var manager = new ConnectionCookieManager(inner);

        Assert.Equal("sealed-1", manager.GetRequestCookie(Request("a=1; session=sealed-1"), "session"));
        Assert.Equal("sealed-1", manager.GetRequestCookie(Request("a=1; session=sealed-1"), "session"));

        Assert.Equal(1, inner.Reads);
    }

    [Fact]
    public void A_header_that_changed_is_parsed_again()
    {
        var manager = new ConnectionCookieManager(inner);

        manager.GetRequestCookie(Request("session=sealed-1"), "session");
        Assert.Equal("sealed-2", manager.GetRequestCookie(Request("session=sealed-2"), "session"));
        Assert.Null(manager.GetRequestCookie(Request("other=x"), "session"));

        Assert.Equal(3, inner.Reads);
    }

    [Fact]
    public void Another_cookie_name_is_not_answered_from_the_last_one()
    {
        var manager = new ConnectionCookieManager(inner);

        manager.GetRequestCookie(Request("a=1; session=sealed-1"), "session");

        Assert.Equal("1", manager.GetRequestCookie(Request("a=1; session=sealed-1"), "a"));
    }

    [Fact]
    public void Http2_requests_are_always_parsed()
    {
        var manager = new ConnectionCookieManager(inner);

        manager.GetRequestCookie(Request("session=sealed-1", HttpProtocol.Http2), "session");
        manager.GetRequestCookie(Request("session=sealed-1", HttpProtocol.Http2), "session");

        Assert.Equal(2, inner.Reads);
    }

    private HttpContext Request(string cookieHeader, string protocol = "HTTP/1.1")
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = protocol;
        context.Request.Headers.Cookie = cookieHeader;
        context.Features.Set<IConnectionItemsFeature>(connection);
        return context;
    }

    private sealed class Connection : IConnectionItemsFeature
    {
        public IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    }

    private sealed class CountingCookieManager : ICookieManager
    {
        private readonly ChunkingCookieManager chunking = new();

        public int Reads { get; private set; }

        public string? GetRequestCookie(HttpContext context, string key)
        {
            Reads++;
            return chunking.GetRequestCookie(context, key);
        }

        public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) => throw new NotSupportedException();

        public void DeleteCookie(HttpContext context, string key, CookieOptions options) => throw new NotSupportedException();
    }
}
