namespace Platform.Gateway.Routing;

/// <summary>Requests the gateway refused or could not deliver; also the log category (<c>ILogger&lt;RoutingLog&gt;</c>).</summary>
internal sealed partial class RoutingLog
{
    private RoutingLog()
    {
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Request to {Service} refused with {Status}: {Reason}.")]
    public static partial void RequestRefused(ILogger logger, string service, int status, string? reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Request to {AppId} could not be delivered ({Transport} transport): {Error}.")]
    public static partial void ForwardFailed(ILogger logger, string appId, string transport, string error, Exception? exception);
}
