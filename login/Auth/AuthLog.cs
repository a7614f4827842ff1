namespace Platform.Login.Auth;

/// <summary>
/// What sign-in does, for operators; also the log category (<c>ILogger&lt;AuthLog&gt;</c>). User names are logged;
/// passwords and cookies never are.
/// </summary>
internal sealed partial class AuthLog
{
    private AuthLog()
    {
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Session issued to {User} of tenant {Tenant} (ring {Ring}), pinned to {Versions}.")]
    public static partial void SessionIssued(ILogger logger, string user, string? tenant, string? ring, string versions);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Sign-in refused: wrong user name or password.")]
    public static partial void SignInRefused(ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Sign-in of {User} refused: tenant {Tenant} has no version assignment.")]
    public static partial void TenantNotSetUp(ILogger logger, string user, string? tenant);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Password hash of {User} upgraded to the current hasher settings.")]
    public static partial void PasswordRehashed(ILogger logger, string user);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "{User} signed out.")]
    public static partial void SignedOut(ILogger logger, string user);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Sign-in attempt refused with 429: too many attempts per {Partition}; retry in {Seconds} s.")]
    public static partial void SignInLimited(ILogger logger, string partition, int seconds);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Sign-in of {User} refused: the account is disabled.")]
    public static partial void SignInOfDisabledUser(ILogger logger, string user);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Session of {User} of tenant {Tenant} re-pinned from {Before} to {After}.")]
    public static partial void SessionRepinned(ILogger logger, string user, string? tenant, string before, string after);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Re-pin of a session of {User} refused: {Reason}.")]
    public static partial void RepinRefused(ILogger logger, string user, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "A re-pin request was refused: it did not carry the gateway's token.")]
    public static partial void RepinNotFromGateway(ILogger logger);
}
