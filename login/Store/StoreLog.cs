namespace Platform.Login.Store;

/// <summary>Store failures, for operators; also the log category (<c>ILogger&lt;StoreLog&gt;</c>).</summary>
internal sealed partial class StoreLog
{
    private StoreLog()
    {
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "The assignment store ({Store}) failed during {Method} {Path}; answered 503.")]
    public static partial void StoreUnavailable(ILogger logger, string store, string method, string path, Exception exception);
}
