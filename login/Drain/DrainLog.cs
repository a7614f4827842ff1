namespace Platform.Login.Drain;

/// <summary>The drain view's bookkeeping, for operators; also the log category (<c>ILogger&lt;DrainLog&gt;</c>).</summary>
internal sealed partial class DrainLog
{
    private DrainLog()
    {
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "A traffic report was refused: it did not carry the gateway's token.")]
    public static partial void ReportRefused(ILogger logger);
}
