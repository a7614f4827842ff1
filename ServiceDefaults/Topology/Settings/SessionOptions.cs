namespace Platform.Settings;

/// <summary>Section <c>Session</c>: the sealed session cookie, read by login (which issues it) and the gateway.</summary>
public sealed class SessionOptions : ISettings
{
    public static string Section => "Session";

    /// <summary>How long a session lasts; it is not renewed, so its versions are never older than this.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The key ring folder of the embedded store; with Redis the key ring lives in Redis.</summary>
    public string? KeysPath { get; set; }

    /// <summary>
    /// A PKCS#12 certificate file (with its private key) that encrypts the key ring at rest: login encrypts new keys
    /// with it, login and the gateway decrypt with it. The AppHost creates one in its data folder; in production mount
    /// one from a secret (see README "Security model"). Required outside Development.
    /// </summary>
    public string? CertificatePath { get; set; }

    public IEnumerable<string> Problems()
    {
        if (Lifetime <= TimeSpan.Zero)
        {
            yield return $"Lifetime must be positive, e.g. 08:00:00, not {Lifetime}.";
        }
    }
}
