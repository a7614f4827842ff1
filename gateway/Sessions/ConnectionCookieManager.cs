using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Connections.Features;

namespace Platform.Gateway.Sessions;

/// <summary>
/// The cookie handler's cookie manager with the last session cookie read on each connection kept beside it: a browser
/// or client on a kept-alive connection sends the same <c>Cookie</c> header request after request, and parsing it
/// again (every cookie of the header, and a fresh copy of the long sealed value) was the largest allocation of the
/// gateway's request path. A header that differs in any character is parsed by <paramref name="inner"/> as before,
/// and the value goes on to the ticket format and the handler's checks whichever way it was read.
/// </summary>
internal sealed class ConnectionCookieManager(ICookieManager inner) : ICookieManager
{
    private static readonly object ItemKey = new();

    public string? GetRequestCookie(HttpContext context, string key)
    {
        var header = context.Request.Headers.Cookie;
        // HTTP/1.x only: its requests on a connection come one after another, while HTTP/2's streams would share the
        // connection's items at the same time.
        var items = HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)
            ? context.Features.Get<IConnectionItemsFeature>()?.Items
            : null;
        if (header.Count != 1 || items is null)
        {
            return inner.GetRequestCookie(context, key);
        }

        var raw = header[0]!;
        if (items.TryGetValue(ItemKey, out var value) && value is LastCookie last
            && string.Equals(last.Key, key, StringComparison.Ordinal) && string.Equals(last.Header, raw, StringComparison.Ordinal))
        {
            return last.Value;
        }

        var cookie = inner.GetRequestCookie(context, key);
        items[ItemKey] = new LastCookie(key, raw, cookie);
        return cookie;
    }

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        inner.AppendResponseCookie(context, key, value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) => inner.DeleteCookie(context, key, options);

    private sealed record LastCookie(string Key, string Header, string? Value);
}
