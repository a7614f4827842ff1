using Microsoft.Extensions.Logging;

namespace Platform.Callers;

/// <summary>Requests a service refused because the gateway did not vouch for them; also the log category.</summary>
public sealed partial class CallerLog
{
    private CallerLog()
    {
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Request to {Path} refused with 401: {Reason}.")]
    public static partial void CallerRefused(ILogger logger, string path, string reason);
}
