using System.Security.Claims;
using Platform.Sessions;

namespace Platform.Gateway.Routing;

/// <summary>Where one <c>/api/{service}/**</c> request goes: a version cluster, or nowhere and why.</summary>
internal readonly record struct RoutingDecision(string? ClusterId, string? Tenant, string? Version, int Status, string? Title, string? Detail)
{
    public bool IsForward => ClusterId is not null;

    /// <summary>
    /// Decides from the sealed ticket alone (no store is read): the session's tenant and its pinned version of
    /// <paramref name="service"/> give the cluster <c>{service}-{version}</c>, which must be deployed.
    /// </summary>
    public static RoutingDecision Decide(ClaimsPrincipal user, string service, Func<string, bool> isDeployed)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return Reject(StatusCodes.Status401Unauthorized, "Not signed in", "No valid session. Sign in with POST /auth/login.");
        }

        if (user.FindFirstValue(VersionTicket.TenantClaim) is not { } tenant)
        {
            return Reject(StatusCodes.Status403Forbidden, "No tenant",
                "Your account belongs to no tenant, so no service version is assigned to it. Sign in as a tenant's user.");
        }

        if (user.FindFirstValue(VersionTicket.VersionClaimType(service)) is not { } version)
        {
            return Reject(StatusCodes.Status401Unauthorized, "Session predates this service",
                $"Your session was issued before '{service}' was available. Sign in again.");
        }

        var clusterId = $"{service}-{version}";
        if (!isDeployed(clusterId))
        {
            return Reject(StatusCodes.Status401Unauthorized, "Version retired",
                $"Your session is pinned to {service} {version}, which is no longer deployed. Sign in again to get the current version.");
        }

        return new RoutingDecision(clusterId, tenant, version, StatusCodes.Status200OK, null, null);
    }

    private static RoutingDecision Reject(int status, string title, string detail) => new(null, null, null, status, title, detail);
}
