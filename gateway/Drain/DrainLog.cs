namespace Platform.Gateway.Drain;

/// <summary>The gateway's traffic reports to login, for operators; also the log category (<c>ILogger&lt;DrainLog&gt;</c>).</summary>
internal sealed partial class DrainLog
{
    private DrainLog()
    {
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Traffic cannot be reported to login ({Error}); the drain view's last requests and instances stand still until it can.")]
    public static partial void ReportFailed(ILogger logger, string error, Exception exception);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "Traffic is reported to login again.")]
    public static partial void ReportRestored(ILogger logger);
}
