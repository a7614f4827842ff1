namespace Platform.Login.Admin;

/// <summary>Every assignment change, for operators and audits; also the log category (<c>ILogger&lt;AdminLog&gt;</c>).</summary>
internal sealed partial class AdminLog
{
    private AdminLog()
    {
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Assignment changed by {Admin}: {What} from {Before} to {After}.")]
    public static partial void AssignmentChanged(ILogger logger, string admin, string what, string before, string after);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Assignment change by {Admin} to {What} not saved: it was changed by someone else since it was read.")]
    public static partial void AssignmentConflict(ILogger logger, string admin, string what);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Sessions of {User} ended by {Admin}: they sign in again to get the change.")]
    public static partial void SessionsEnded(ILogger logger, string admin, string user);
}
