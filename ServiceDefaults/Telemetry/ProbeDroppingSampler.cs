using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Trace;

namespace Platform.Telemetry;

/// <summary>
/// Keeps no trace of the health probes (they would drown the traces people look for) and leaves every other decision
/// to <paramref name="inner"/>. ASP.NET Core hands samplers the request's path as the <c>url.path</c> tag, so probes
/// are recognised while the span is created, without the instrumentation library's per-request filter callback.
/// </summary>
internal sealed class ProbeDroppingSampler(Sampler inner, Func<PathString, bool> isProbe) : Sampler
{
    private const string PathTag = "url.path";

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.Kind == ActivityKind.Server && samplingParameters.Tags is { } tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == PathTag)
                {
                    if (tag.Value is string path && isProbe(new PathString(path)))
                    {
                        return new SamplingResult(SamplingDecision.Drop);
                    }

                    break;
                }
            }
        }

        return inner.ShouldSample(samplingParameters);
    }
}
