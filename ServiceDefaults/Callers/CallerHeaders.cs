namespace Platform.Callers;

/// <summary>
/// Headers the gateway sets on every forwarded request to say who is calling. The gateway removes any copy a
/// client sent, so a service can trust them as long as only the gateway can reach it.
/// </summary>
public static class CallerHeaders
{
    public const string User = "X-Platform-User";
    public const string Tenant = "X-Platform-Tenant";
}
