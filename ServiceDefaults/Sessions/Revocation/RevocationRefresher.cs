using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Sessions.Revocation;

/// <summary>Where a process reads the revocation feed: login from its store, the gateway from login.</summary>
public interface IRevocationSource
{
    /// <summary>Entries after <paramref name="after"/> (0: all that are still in force) and the feed's last number.</summary>
    Task<RevocationFeed> ReadAsync(long after, CancellationToken ct);
}

/// <summary>
/// Reads the feed once per <see cref="Interval"/> and applies it. When the source cannot be read, the last known set
/// stays in force (sessions ended before keep failing; sessions ended since are honoured once the feed is back),
/// and the failure is logged once, not every second.
/// </summary>
public sealed class RevocationRefresher(IRevocationSource source, RevocationSet set, ILogger<RevocationLog> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(Interval * 3);
                set.Apply(await source.ReadAsync(set.Cursor, timeout.Token));
                if (failing)
                {
                    RevocationLog.FeedRestored(logger, set.Cursor);
                    failing = false;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    RevocationLog.FeedUnavailable(logger, e.GetType().Name, e);
                    failing = true;
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

/// <summary>The revocation feed, for operators; also the log category.</summary>
public sealed partial class RevocationLog
{
    private RevocationLog()
    {
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "The session revocation feed cannot be read ({Error}); sessions ended from now on stay valid here until it is back.")]
    public static partial void FeedUnavailable(ILogger logger, string error, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "The session revocation feed is read again (at {Cursor}).")]
    public static partial void FeedRestored(ILogger logger, long cursor);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Request with an ended session of {User} refused.")]
    public static partial void SessionRefused(ILogger logger, string user);
}
