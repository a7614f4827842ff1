using System.Security.Claims;

namespace Platform.Sessions;

/// <summary>
/// What the login service decided at sign-in and sealed into the session cookie: who signed in, for which tenant,
/// and the version of every service this session talks to. It never leaves the sealed ticket.
/// </summary>
public sealed record VersionTicket(
    string User,
    string? Tenant,
    string? Ring,
    IReadOnlyList<string> Roles,
    IReadOnlyDictionary<string, string> Versions)
{
    public const string AdminRole = "admin";

    public const string TenantClaim = "platform:tenant";
    public const string RingClaim = "platform:ring";
    private const string VersionClaimPrefix = "platform:version:";

    public bool IsAdmin => Roles.Contains(AdminRole, StringComparer.Ordinal);

    /// <summary>The claim type that carries the pinned version of <paramref name="service"/>.</summary>
    public static string VersionClaimType(string service) => VersionClaimPrefix + service;

    public ClaimsPrincipal ToPrincipal(string authenticationScheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, User) };
        if (Tenant is not null)
        {
            claims.Add(new Claim(TenantClaim, Tenant));
        }

        if (Ring is not null)
        {
            claims.Add(new Claim(RingClaim, Ring));
        }

        claims.AddRange(Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        claims.AddRange(Versions.Select(v => new Claim(VersionClaimType(v.Key), v.Value)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Reads a ticket back from an authenticated principal; null when the principal is not a platform session.</summary>
    public static VersionTicket? FromPrincipal(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } user })
        {
            return null;
        }

        var roles = new List<string>();
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in principal.Claims)
        {
            if (claim.Type == ClaimTypes.Role)
            {
                roles.Add(claim.Value);
            }
            else if (claim.Type.StartsWith(VersionClaimPrefix, StringComparison.Ordinal))
            {
                versions[claim.Type[VersionClaimPrefix.Length..]] = claim.Value;
            }
        }

        return new VersionTicket(user, principal.FindFirstValue(TenantClaim), principal.FindFirstValue(RingClaim), roles, versions);
    }
}
