using System.Diagnostics;
using System.Net.Http;

namespace Platform.Tests.TestSupport;

/// <summary>
/// Spans from a source of the test's own, sampled as the test says, so no other test's listener decides what they
/// are; and a forwarded request as a client sent it, with trace headers of its own.
/// </summary>
public sealed class TestSpans : IDisposable
{
    public const string ClientTraceId = "0af7651916cd43dd8448eb211c80319c";
    public const string ClientSpanId = "b7ad6b7169203331";
    public const string ClientTraceParent = $"00-{ClientTraceId}-{ClientSpanId}-01";

    private readonly ActivitySource source = new($"{nameof(TestSpans)}-{Guid.NewGuid()}");
    private readonly ActivityListener listener;

    public TestSpans()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => Sampling,
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>What the listener answers for the next span.</summary>
    public ActivitySamplingResult Sampling { get; set; }

    public Activity Start() => source.StartActivity("request")!;

    public static HttpRequestMessage ClientRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://contacts-v2-1/info");
        request.Headers.TryAddWithoutValidation("traceparent", ClientTraceParent);
        request.Headers.TryAddWithoutValidation("tracestate", "client=chosen");
        return request;
    }

    public void Dispose()
    {
        listener.Dispose();
        source.Dispose();
    }
}
