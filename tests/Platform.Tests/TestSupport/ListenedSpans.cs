using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.Tests.TestSupport;

/// <summary>
/// The spans of one source, listened to for propagation only: the listener records nothing itself, so a span comes
/// out recorded only when the app's own tracing sampled it.
/// </summary>
public sealed class ListenedSpans : IDisposable
{
    private readonly ActivityListener listener;

    public ListenedSpans(string sourceName)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = Started.Enqueue,
            ActivityStopped = Stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public ConcurrentQueue<Activity> Started { get; } = new();

    public ConcurrentQueue<Activity> Stopped { get; } = new();

    public void Dispose() => listener.Dispose();
}
