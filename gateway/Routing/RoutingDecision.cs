using Platform.Callers;
using Platform.Matrix;
using Platform.Sessions;

namespace Platform.Gateway.Routing;

/// <summary>
/// Where one <c>/api/{service}/**</c> request goes: the app-id of the pinned version with the caller to name, or
/// nowhere and why. Kept on the request as a feature, so the caller-headers transform reads it instead of the ticket.
/// </summary>
internal sealed class RoutingDecision
{
    private RoutingDecision(string service, int status, string? title, string? detail, VersionTicket? ticket, DeployedVersion? version, bool isRetired = false)
    {
        IsRetired = isRetired;
        Service = service;
        Status = status;
        Title = title;
        Detail = detail;
        User = ticket?.User;
        Tenant = ticket?.Tenant;
        Version = version;
        // Built here, once per session and service when the ticket is cached, rather than per forwarded request.
        Caller = ticket?.Tenant is { } tenant ? new Caller(tenant, ticket.User, ticket.Versions) : null;
    }

    public string Service { get; }

    /// <summary>200 for a forward, else the status the gateway answers with.</summary>
    public int Status { get; }

    public string? Title { get; }

    public string? Detail { get; }

    public string? User { get; }

    public string? Tenant { get; }

    /// <summary>What the gateway seals for the service: tenant, user and the session's pinned versions. Null when refused.</summary>
    public Caller? Caller { get; }

    /// <summary>The pinned, deployed version; its app-id is the YARP cluster id. Null when refused.</summary>
    public DeployedVersion? Version { get; }

    public bool IsForward => Version is not null;

    /// <summary>Refused because the session is pinned to a version of the service that is no longer deployed.</summary>
    public bool IsRetired { get; }

    /// <summary>
    /// Decides from the sealed ticket alone (no store is read): the session's tenant and its pinned version of
    /// <paramref name="service"/>, which must be deployed.
    /// </summary>
    public static RoutingDecision Decide(VersionTicket? ticket, string service, VersionMatrix matrix)
    {
        if (ticket is null)
        {
            return Refuse(service, StatusCodes.Status401Unauthorized, "Not signed in", "No valid session. Sign in with POST /auth/login.");
        }

        if (ticket.Tenant is null)
        {
            return Refuse(service, StatusCodes.Status403Forbidden, "No tenant",
                "Your account belongs to no tenant, so no service version is assigned to it. Sign in as a tenant's user.");
        }

        if (!ticket.Versions.TryGetValue(service, out var version))
        {
            return Refuse(service, StatusCodes.Status401Unauthorized, "Session predates this service",
                $"Your session was issued before '{service}' was available. Sign in again.");
        }

        if (!matrix.TryGetVersion(service, version, out var deployed))
        {
            return new RoutingDecision(service, StatusCodes.Status401Unauthorized, "Version retired",
                $"Your session is pinned to {service} {version}, which is no longer deployed. Sign in again to get the current version.", null, null, isRetired: true);
        }

        return new RoutingDecision(service, StatusCodes.Status200OK, null, null, ticket, deployed);
    }

    /// <summary>Nowhere: the gateway answers <paramref name="status"/> with this title and detail.</summary>
    public static RoutingDecision Refuse(string service, int status, string title, string detail) => new(service, status, title, detail, null, null);
}
