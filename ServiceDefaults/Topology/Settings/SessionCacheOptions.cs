namespace Platform.Settings;

/// <summary>
/// Section <c>SessionCache</c> (gateway): validated session tickets kept by cookie value, so a cookie seen before is
/// not unsealed again (Data Protection's key derivation, decryption and the ticket's deserialization on every
/// request were the largest cost of the gateway's own code).
/// </summary>
public sealed class SessionCacheOptions : ISettings
{
    public static string Section => "SessionCache";

    /// <summary>False unseals every request's cookie, as before the cache.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most sessions kept; when full the cache starts over (a miss only costs one unseal).</summary>
    public int Capacity { get; set; } = 100_000;

    /// <summary>
    /// How long one unsealed ticket is trusted before the cookie is unsealed again, so a Data Protection key revoked
    /// in the key ring stops opening cached sessions within this time. Sessions also leave the cache when they expire.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<string> Problems()
    {
        if (Capacity < 1)
        {
            yield return $"Capacity must be at least 1, not {Capacity}.";
        }

        if (MaxAge <= TimeSpan.Zero)
        {
            yield return $"MaxAge must be positive, e.g. 00:05:00, not {MaxAge}.";
        }
    }
}
