using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Platform.Gateway.Routing;
using Platform.Gateway.Sessions;
using Platform.Matrix;
using Platform.Sessions;
using Platform.Settings;

namespace Platform.Benchmarks;

/// <summary>
/// What the gateway does per request to route it: open the session cookie (a real Data Protection seal, as login
/// makes it), check its expiry, and decide the version cluster. Unsealed every time, as before the ticket cache, and
/// through the cache for a cookie seen before (issue 12's budget: at most 3 us and no allocation).
/// </summary>
[MemoryDiagnoser]
public class SessionRoutingBenchmarks
{
    private const string Service = "contacts";

    private ISecureDataFormat<AuthenticationTicket> unsealer = null!;
    private CachingTicketFormat cached = null!;
    private VersionMatrix matrix = null!;
    private string cookie = null!;

    [GlobalSetup]
    public void Setup()
    {
        matrix = VersionMatrix.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VersionMatrix:contacts:Default"] = "v1",
            ["VersionMatrix:contacts:Versions:v1:Instances"] = "2",
            ["VersionMatrix:contacts:Versions:v2:Instances"] = "2",
            ["VersionMatrix:insights:Default"] = "v1",
            ["VersionMatrix:insights:Versions:v1:Instances"] = "1",
            ["VersionMatrix:insights:Versions:v2:Instances"] = "1",
        }).Build());

        // The purposes the cookie handler protects its tickets with.
        var protector = new EphemeralDataProtectionProvider().CreateProtector(
            "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Cookies", "v2");
        unsealer = new TicketDataFormat(protector);
        var ticket = new VersionTicket("alice@acme.test", "acme", "early", [],
            new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v2" });
        cookie = unsealer.Protect(new AuthenticationTicket(ticket.ToPrincipal("Cookies"),
            new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(8) }, "Cookies"));

        var cache = new TicketCache(Options.Create(new SessionCacheOptions()), TimeProvider.System);
        cached = new CachingTicketFormat(unsealer, cache);
        cached.Unprotect(cookie); // seen before
    }

    [Benchmark(Baseline = true, Description = "unsealed every request")]
    public object Unsealed()
    {
        var ticket = unsealer.Unprotect(cookie)!;
        Expired(ticket);
        return RoutingDecision.Decide(VersionTicket.FromPrincipal(ticket.Principal), Service, matrix);
    }

    [Benchmark(Description = "cookie seen before (ticket cache)")]
    public object Cached()
    {
        var ticket = cached.Unprotect(cookie)!;
        Expired(ticket);
        return ((SessionPrincipal)ticket.Principal).Decide(Service, matrix);
    }

    // The cookie handler's own check, which runs after unsealing whether or not the ticket came from the cache.
    private static bool Expired(AuthenticationTicket ticket) => ticket.Properties.ExpiresUtc < TimeProvider.System.GetUtcNow();
}
