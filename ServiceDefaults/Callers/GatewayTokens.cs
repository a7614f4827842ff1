using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Platform.Callers;

/// <summary>
/// The gateway's word, in a form the receiver can check: short-lived Data Protection payloads sealed with the
/// platform's shared key ring, one purpose per use, so a token made for one use opens for no other.
/// </summary>
/// <remarks>
/// Data Protection rather than hand-made signatures: the gateway, login and the services already share the key ring
/// (the services read-only), it authenticates and encrypts, rotates keys, and <see cref="ITimeLimitedDataProtector"/>
/// seals the expiry inside the payload. Whoever holds the key ring can make these tokens: that is the trust boundary.
/// </remarks>
public sealed class GatewayTokens
{
    /// <summary>
    /// Long enough for a request to cross the sidecars and for clocks of different hosts to disagree a little;
    /// short enough that a token copied off the wire is useless moments later.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a caller's token is handed out again: half its lifetime, so whoever receives it has at least 5 s to
    /// check it. Sealing derives a key and encrypts (a quarter of the gateway's CPU per request when every request
    /// sealed its own); a caller's next requests within this time reuse the token.
    /// </summary>
    public static readonly TimeSpan ReuseFor = Lifetime / 2;

    /// <summary>Beyond this many callers the reused tokens are dropped at once (each is sealed again when next needed).</summary>
    internal const int MaxReusedCallerTokens = 10_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ITimeLimitedDataProtector caller;
    private readonly ITimeLimitedDataProtector client;
    private readonly ITimeLimitedDataProtector feed;
    private readonly ITimeLimitedDataProtector traffic;
    private readonly ITimeLimitedDataProtector repin;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<Caller, ReusableToken> callerTokens = new();

    public GatewayTokens(IDataProtectionProvider provider) : this(provider, TimeProvider.System)
    {
    }

    internal GatewayTokens(IDataProtectionProvider provider, TimeProvider time)
    {
        caller = provider.CreateProtector("Platform.Gateway.Caller.v1").ToTimeLimitedDataProtector();
        client = provider.CreateProtector("Platform.Gateway.ClientAddress.v1").ToTimeLimitedDataProtector();
        feed = provider.CreateProtector("Platform.Gateway.RevocationFeed.v1").ToTimeLimitedDataProtector();
        traffic = provider.CreateProtector("Platform.Gateway.TrafficReport.v1").ToTimeLimitedDataProtector();
        repin = provider.CreateProtector("Platform.Gateway.Repin.v1").ToTimeLimitedDataProtector();
        this.time = time;
    }

    /// <summary>For a service: the tenant and user of the session the gateway routed.</summary>
    public string ForCaller(Caller value)
    {
        var now = time.GetUtcNow();
        if (callerTokens.TryGetValue(value, out var reusable) && now < reusable.Until)
        {
            return reusable.Token;
        }

        var token = caller.Protect(JsonSerializer.Serialize(value, Json), now + Lifetime);
        if (callerTokens.Count >= MaxReusedCallerTokens)
        {
            callerTokens.Clear();
        }

        // Removed and added rather than replaced, so the key becomes this instance: a dictionary keeps the key it has,
        // and the key may be a copy equal to the caller the routing decision holds (made by two requests racing to
        // cache one session), against which every later lookup would compare the pins instead of the reference.
        callerTokens.TryRemove(value, out _);
        callerTokens.TryAdd(value, new ReusableToken(token, now + ReuseFor));
        return token;
    }

    /// <summary>The caller sealed in <paramref name="token"/>; null when it is forged, tampered with or expired.</summary>
    public Caller? ReadCaller(string token) =>
        TryUnprotect(caller, token) is { } json && JsonSerializer.Deserialize<Caller>(json, Json) is { Tenant.Length: > 0 } value ? value : null;

    /// <summary>For login: the client address the gateway saw (and put in <c>X-Forwarded-For</c>).</summary>
    public string ForClientAddress(IPAddress address) => client.Protect(address.ToString(), Lifetime);

    public IPAddress? ReadClientAddress(string token) =>
        TryUnprotect(client, token) is { } text && IPAddress.TryParse(text, out var address) ? address : null;

    /// <summary>For login's internal revocation feed: proof that the gateway asks.</summary>
    public string ForRevocationFeed() => feed.Protect("gateway", Lifetime);

    public bool IsRevocationFeedToken(string token) => TryUnprotect(feed, token) == "gateway";

    /// <summary>For login's internal traffic report endpoint (the drain view): proof that the gateway reports.</summary>
    public string ForTrafficReport() => traffic.Protect("gateway", Lifetime);

    public bool IsTrafficReportToken(string token) => TryUnprotect(traffic, token) == "gateway";

    /// <summary>For login's internal re-pin endpoint: proof that the gateway asks to move a session to current versions.</summary>
    public string ForRepin() => repin.Protect("gateway", Lifetime);

    public bool IsRepinToken(string token) => TryUnprotect(repin, token) == "gateway";

    private static string? TryUnprotect(ITimeLimitedDataProtector protector, string token)
    {
        if (token.Length == 0)
        {
            return null;
        }

        try
        {
            return protector.Unprotect(token, out _);
        }
        catch (CryptographicException)
        {
            // Forged, tampered with, sealed for another purpose, expired, or by a key this ring does not have.
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed record ReusableToken(string Token, DateTimeOffset Until);
}
