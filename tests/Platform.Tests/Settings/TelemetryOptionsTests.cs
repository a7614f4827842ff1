using Platform.Settings;

namespace Platform.Tests.Settings;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public void Every_request_is_traced_in_development_and_a_sample_elsewhere_unless_set()
    {
        var unset = new TelemetryOptions();

        Assert.Equal(1.0, unset.SampleRatio(isDevelopment: true));
        Assert.Equal(TelemetryOptions.ProductionTraceSampleRatio, unset.SampleRatio(isDevelopment: false));
        Assert.InRange(TelemetryOptions.ProductionTraceSampleRatio, 0.0001, 0.1);
    }

    [Fact]
    public void A_set_ratio_holds_in_every_environment()
    {
        var set = new TelemetryOptions { TraceSampleRatio = 0.25 };

        Assert.Equal(0.25, set.SampleRatio(isDevelopment: true));
        Assert.Equal(0.25, set.SampleRatio(isDevelopment: false));
    }
}
