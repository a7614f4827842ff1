using System.Globalization;
using System.Net.Http;

namespace Platform.Gateway.Resilience;

/// <summary>
/// The client of a version cluster whose instances the gateway fails over between (direct mode). A request that
/// another instance could still take waits for its response headers at most the time the cluster's metadata gives
/// (<see cref="ResponseHeadersTimeoutKey"/>, from <c>Resilience:InstanceActivityTimeout</c>); after that, and on an
/// attempt after which nothing else can be tried (<see cref="Patient"/>, handed out by <see cref="LastAttemptClusters"/>),
/// only the cluster's activity timeout applies.
/// </summary>
/// <remarks>
/// YARP has one activity timeout for the whole exchange. A short one, there to fail over, also cut off answers that
/// had started and then paused for longer (a service flushing its headers early, a streamed export, an overloaded
/// machine between two writes), although no other instance can take over a response the client is receiving. The
/// response headers are where failing over stops being possible, so that is where the short wait ends.
/// </remarks>
internal sealed class FirstAttemptClient(HttpMessageInvoker patient, TimeSpan responseHeadersTimeout)
    : HttpMessageInvoker(new ResponseHeadersTimeout(patient, responseHeadersTimeout))
{
    /// <summary>The cluster metadata key whose value (<c>c</c> format) is how long a first attempt waits for response headers.</summary>
    public const string ResponseHeadersTimeoutKey = "Platform.FirstAttemptResponseHeadersTimeout";

    /// <summary>The same connections without the short wait: for the last attempt a request gets.</summary>
    public HttpMessageInvoker Patient { get; } = patient;

    public static Dictionary<string, string> Metadata(TimeSpan responseHeadersTimeout) =>
        new() { [ResponseHeadersTimeoutKey] = responseHeadersTimeout.ToString("c", CultureInfo.InvariantCulture) };

    public static bool TryGetResponseHeadersTimeout(IReadOnlyDictionary<string, string>? metadata, out TimeSpan timeout)
    {
        timeout = default;
        return metadata?.GetValueOrDefault(ResponseHeadersTimeoutKey) is { } value
            && TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out timeout);
    }

    /// <remarks>
    /// A cancellation that YARP's own token did not cause is what YARP reports as <c>RequestTimedOut</c>, the error the
    /// failover middleware retries on another instance.
    /// </remarks>
    private sealed class ResponseHeadersTimeout(HttpMessageInvoker inner, TimeSpan timeout) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            headers.CancelAfter(timeout);
            return await inner.SendAsync(request, headers.Token);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
