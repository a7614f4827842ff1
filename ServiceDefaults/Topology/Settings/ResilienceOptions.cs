namespace Platform.Settings;

/// <summary>
/// Section <c>Resilience</c>: how long the gateway and login wait for what they depend on before answering anyway.
/// The defaults keep a dead instance or a frozen store within the promises of the README's failure table: no
/// request that can be retried waits more than 1 s for a dead instance, sign-in and admin calls answer 503 within 2 s.
/// </summary>
public sealed class ResilienceOptions : ISettings
{
    public static string Section => "Resilience";

    /// <summary>
    /// Gateway: connecting to an instance. On loopback or a LAN a connection takes milliseconds; longer means the
    /// instance (or the proxy in front of it) is not there.
    /// </summary>
    public TimeSpan InstanceConnectTimeout { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Gateway: the longest an instance may take to start answering (its response headers) a request that another
    /// instance of the same version could still take, a GET or one its service declares replayable; the request is then
    /// retried there. Short on purpose: the services answer in milliseconds, and a hung instance must not hold a user for
    /// seconds. It ends when the answer starts: no other instance can take over an answer the client is receiving.
    /// </summary>
    public TimeSpan InstanceActivityTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gateway: the longest an instance may stay silent otherwise: once its answer has started, and when nothing else
    /// can be tried (a request that cannot be replayed, the retry, a version's only instance in rotation). Giving up
    /// after <see cref="InstanceActivityTimeout"/> then would only turn a slow answer (an instance that has just started,
    /// a busy machine, a streamed export) into a 503 or a response cut off.
    /// </summary>
    public TimeSpan LastInstanceActivityTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gateway: how long an instance that failed a request stays out of rotation before it gets traffic again
    /// (passive health). The active health check keeps it out longer while its /health fails.
    /// </summary>
    public TimeSpan InstanceReactivationPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gateway: the longest login may stay silent on a sign-in or admin call before the gateway answers 503. Longer than
    /// a sign-in takes (one password hash and a few store reads), short enough that a login that is gone, behind a
    /// proxy that accepts connections for it (Aspire's), does not hold the user.
    /// </summary>
    public TimeSpan LoginActivityTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gateway: the longest a request waits for login to re-pin its session (a tenant re-pinned, or a retired version)
    /// before it is served on its old pin, or, when that version is gone, answered 503.
    /// </summary>
    public TimeSpan RepinTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gateway: how often each instance's /health is probed (active health), which brings it back.</summary>
    public TimeSpan InstanceHealthCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Login: the longest one call to the assignment store (Redis connect, command, SQLite lock wait, Dapr state call)
    /// may take before the request answers 503. Under 2 s, so a sign-in during an outage answers within 2 s.
    /// </summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(InstanceConnectTimeout), InstanceConnectTimeout), (nameof(InstanceActivityTimeout), InstanceActivityTimeout),
            (nameof(LastInstanceActivityTimeout), LastInstanceActivityTimeout),
            (nameof(InstanceReactivationPeriod), InstanceReactivationPeriod), (nameof(InstanceHealthCheckInterval), InstanceHealthCheckInterval),
            (nameof(StoreTimeout), StoreTimeout), (nameof(LoginActivityTimeout), LoginActivityTimeout), (nameof(RepinTimeout), RepinTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{name} must be a positive time span (e.g. 00:00:01), not {value}.";
            }
        }

        if (LastInstanceActivityTimeout < InstanceActivityTimeout)
        {
            yield return $"{nameof(LastInstanceActivityTimeout)} ({LastInstanceActivityTimeout}) must not be shorter than {nameof(InstanceActivityTimeout)} ({InstanceActivityTimeout}): it is the wait when no other instance is left to try.";
        }
    }
}
