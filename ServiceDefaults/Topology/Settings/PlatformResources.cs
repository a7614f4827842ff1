namespace Platform.Settings;

/// <summary>Names the AppHost gives resources and the processes look up (service discovery, connection strings, app-ids).</summary>
public static class PlatformResources
{
    public const string Login = "login";
    public const string Gateway = "gateway";

    /// <summary>The Redis resource and its connection string name (<c>ConnectionStrings:redis</c>).</summary>
    public const string Redis = "redis";

    /// <summary>
    /// The Redis list that holds the session key ring (login writes it, the gateway reads it); the AppHost's Redis
    /// lets the gateway's user read this key only.
    /// </summary>
    public const string RedisKeyRingKey = "platform:dataprotection:keys";
}
