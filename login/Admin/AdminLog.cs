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

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Assignment changed by {Admin}: {What} from {Before} to {After} (audit entry {AuditId}, reason: {Reason}).")]
    public static partial void AuditedChange(ILogger logger, string admin, string what, string before, string after, long auditId, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Audit entry {RevertedId} reverted by {Admin}: {What} from {Before} back to {After} (audit entry {AuditId}).")]
    public static partial void ChangeReverted(ILogger logger, string admin, long revertedId, string what, string before, string after, long auditId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Revert of audit entry {RevertedId} by {Admin} refused: {What} is {Current}, no longer {After} as the entry left it.")]
    public static partial void RevertRefused(ILogger logger, string admin, long revertedId, string what, string current, string after);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Open sessions of tenant {Tenant} issued before {IssuedBefore:O} re-pinned by {Admin}: each moves to the tenant's current versions on its next request (feed entry {Sequence}).")]
    public static partial void SessionsRepinned(ILogger logger, string admin, string tenant, DateTimeOffset issuedBefore, long sequence);
}
