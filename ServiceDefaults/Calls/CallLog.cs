using Microsoft.Extensions.Logging;

namespace Platform.Calls;

/// <summary>Calls between services that could not be made at the pinned version; also the log category.</summary>
public sealed partial class CallLog
{
    private CallLog()
    {
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Call to {Service} not made: the request has no valid caller token.")]
    public static partial void NoCaller(ILogger logger, string service);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Call to {Service} not made: tenant {Tenant}'s session has no version of it pinned.")]
    public static partial void NoPinnedVersion(ILogger logger, string service, string tenant);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Call to {Service} {Version} failed: {Reason}.")]
    public static partial void CallFailed(ILogger logger, string service, string version, string reason);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Debug, Message = "Warming up calls to {AppId}: not answering yet ({Reason}).")]
    public static partial void WarmupPending(ILogger logger, string appId, string reason);
}
