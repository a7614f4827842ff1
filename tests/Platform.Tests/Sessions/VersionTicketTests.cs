using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Platform.Sessions;

namespace Platform.Tests.Sessions;

public sealed class VersionTicketTests
{
    private static readonly VersionTicket Alice = new("alice@acme.test", "acme", "early", [],
        new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v1" });

    [Fact]
    public void Principal_round_trip_keeps_everything()
    {
        var back = VersionTicket.FromPrincipal(Alice.ToPrincipal("Cookies"));

        Assert.NotNull(back);
        Assert.Equal(Alice.User, back.User);
        Assert.Equal(Alice.Tenant, back.Tenant);
        Assert.Equal(Alice.Ring, back.Ring);
        Assert.Equal(Alice.Versions, back.Versions);
        Assert.False(back.IsAdmin);
    }

    [Fact]
    public void Admin_without_tenant_round_trips()
    {
        var admin = new VersionTicket("admin@platform.test", null, null, [VersionTicket.AdminRole], new Dictionary<string, string>());

        var back = VersionTicket.FromPrincipal(admin.ToPrincipal("Cookies"))!;

        Assert.True(back.IsAdmin);
        Assert.Null(back.Tenant);
        Assert.Empty(back.Versions);
    }

    [Fact]
    public void Sealed_cookie_round_trips_and_rejects_any_change()
    {
        var format = new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("test"));
        var sealedTicket = format.Protect(new AuthenticationTicket(Alice.ToPrincipal("Cookies"), CookieAuthenticationDefaults.AuthenticationScheme));

        var opened = format.Unprotect(sealedTicket);
        Assert.Equal(Alice.Versions, VersionTicket.FromPrincipal(opened!.Principal)!.Versions);

        // The versions are not readable in the cookie, and flipping any character breaks it.
        var payload = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(sealedTicket);
        Assert.Equal(-1, payload.AsSpan().IndexOf("platform:version"u8));
        var middle = sealedTicket.Length / 2;
        var tampered = sealedTicket[..middle] + (sealedTicket[middle] == 'A' ? 'B' : 'A') + sealedTicket[(middle + 1)..];
        Assert.Null(format.Unprotect(tampered));
    }

    [Fact]
    public void Unauthenticated_principal_is_no_ticket() =>
        Assert.Null(VersionTicket.FromPrincipal(new System.Security.Claims.ClaimsPrincipal()));
}
