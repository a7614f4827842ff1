namespace Platform.Settings;

/// <summary>Section <c>Login</c>.</summary>
public sealed class LoginOptions : ISettings
{
    public static string Section => "Login";

    /// <summary>Sign-in attempts a client may make per minute before it gets 429.</summary>
    public int AttemptsPerMinute { get; set; } = 30;

    public IEnumerable<string> Problems()
    {
        if (AttemptsPerMinute < 1)
        {
            yield return $"AttemptsPerMinute must be at least 1, not {AttemptsPerMinute}.";
        }
    }
}
