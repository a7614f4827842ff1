namespace Platform.Callers;

/// <summary>
/// Headers the gateway sets on requests it forwards. The gateway removes any copy a client sent. Only
/// <see cref="Token"/> is believed by a receiver: it is sealed by the gateway (see <see cref="GatewayTokens"/>);
/// <see cref="User"/> and <see cref="Tenant"/> are informational copies for logs and tools.
/// </summary>
public static class CallerHeaders
{
    public const string User = "X-Platform-User";
    public const string Tenant = "X-Platform-Tenant";

    /// <summary>The caller (tenant and user) sealed by the gateway, on requests to a service version.</summary>
    public const string Token = "X-Platform-Caller";

    /// <summary>The client address sealed by the gateway, on requests to login.</summary>
    public const string ClientAddress = "X-Platform-Client";

    /// <summary>The gateway's proof on its calls to login's internal endpoints (revocation feed, traffic report).</summary>
    public const string Gateway = "X-Platform-Gateway";
}
