namespace Platform.Settings;

/// <summary>Section <c>Login</c>.</summary>
public sealed class LoginOptions : ISettings
{
    public static string Section => "Login";

    /// <summary>Sign-in attempts one client address may make per minute before it gets 429.</summary>
    public int AttemptsPerMinute { get; set; } = 30;

    /// <summary>Sign-in attempts for one account per minute, from anywhere; unset: <see cref="AttemptsPerMinute"/>.</summary>
    public int? AccountAttemptsPerMinute { get; set; }

    public int AccountLimit => AccountAttemptsPerMinute ?? AttemptsPerMinute;

    public IEnumerable<string> Problems()
    {
        if (AttemptsPerMinute < 1)
        {
            yield return $"AttemptsPerMinute must be at least 1, not {AttemptsPerMinute}.";
        }

        if (AccountAttemptsPerMinute < 1)
        {
            yield return $"AccountAttemptsPerMinute must be at least 1, not {AccountAttemptsPerMinute}.";
        }
    }
}
