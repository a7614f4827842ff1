namespace Platform.Gateway.Resilience;

/// <summary>Instances failing and what the gateway did about it; also the log category (<c>ILogger&lt;ResilienceLog&gt;</c>).</summary>
internal sealed partial class ResilienceLog
{
    private ResilienceLog()
    {
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Instance {Destination} of {AppId} failed a request ({Error}); out of rotation for {ReactivationPeriod}.")]
    public static partial void InstanceOutOfRotation(ILogger logger, string appId, string destination, string error, TimeSpan reactivationPeriod);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "{Method} to {AppId} failed on {Destination} ({Error}); retried once on another instance of the same version.")]
    public static partial void RetriedOnAnotherInstance(ILogger logger, string method, string appId, string destination, string error);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "{Method} to {ClusterId} answered 503: no instance could take it ({Error}).")]
    public static partial void Unavailable(ILogger logger, string method, string clusterId, string error);
}
